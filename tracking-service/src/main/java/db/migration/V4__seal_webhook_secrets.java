package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.ecoeval.tracking.persistence.SecretBox;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Seals the webhook secrets stored in clear before this version (plan versions' secret lists, pending and past
 * deliveries' secrets) under {@code ecoeval.tracking.webhook.secret-key}. A Java migration because the key comes
 * from configuration and the sealing is {@link SecretBox}'s, the same code that opens them. Values already sealed
 * are left as they are, so the step is safe to meet twice.
 */
public class V4__seal_webhook_secrets extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        SecretBox box = new SecretBox(ConfigProvider.getConfig().getValue("ecoeval.tracking.webhook.secret-key",
                String.class));
        sealColumn(context.getConnection(), box);
    }

    /** Seals every clear value of both secret columns; public for the test that meets rows written in clear. */
    public static int sealColumn(Connection connection, SecretBox box) throws SQLException {
        int sealed = 0;
        sealed += seal(connection, box, "select evaluation_id, version, webhook_secrets from plan_version",
                "update plan_version set webhook_secrets = ? where evaluation_id = ? and version = ?", 2);
        sealed += seal(connection, box, "select id, secret from delivery where secret is not null",
                "update delivery set secret = ? where id = ?", 1);
        return sealed;
    }

    private static int seal(Connection connection, SecretBox box, String select, String update, int keys)
            throws SQLException {
        List<Object[]> clear = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement(select); ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                String value = rs.getString(keys + 1);
                if (!SecretBox.isSealed(value)) {
                    Object[] row = new Object[keys + 1];
                    for (int i = 0; i < keys; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    row[keys] = value;
                    clear.add(row);
                }
            }
        }
        try (PreparedStatement write = connection.prepareStatement(update)) {
            for (Object[] row : clear) {
                write.setString(1, box.seal((String) row[keys]));
                for (int i = 0; i < keys; i++) {
                    write.setObject(i + 2, row[i]);
                }
                write.addBatch();
            }
            write.executeBatch();
        }
        return clear.size();
    }
}

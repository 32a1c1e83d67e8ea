package org.ecoeval.submission.domain;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Decides an evidence file's type from its bytes, never from its name or the client's Content-Type: PDF, OFD
 * (GB/T 33190, a ZIP with {@code OFD.xml} at its root), JPEG, PNG, DOCX, XLSX (Office Open XML ZIPs) or plain
 * ZIP. Everything else (executables, scripts, HTML…) is refused.
 */
public final class ContentSniffer {

    public enum FileType {
        PDF("application/pdf", ".pdf"),
        OFD("application/ofd", ".ofd"),
        JPEG("image/jpeg", ".jpg"),
        PNG("image/png", ".png"),
        DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        ZIP("application/zip", ".zip");

        public final String mediaType;
        public final String extension;

        FileType(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }
    }

    /** How many bytes of the start are needed to decide. */
    public static final int HEAD_BYTES = 16;
    private static final int MAX_ZIP_ENTRIES_SCANNED = 500;

    private static final byte[] PDF = { '%', 'P', 'D', 'F', '-' };
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };
    private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };
    private static final byte[] ZIP_LOCAL = { 'P', 'K', 3, 4 };
    private static final byte[] ZIP_EMPTY = { 'P', 'K', 5, 6 };

    private ContentSniffer() {
    }

    /**
     * @param head    the first bytes of the content (at least {@link #HEAD_BYTES} unless it is shorter)
     * @param content opens the whole content again, for looking into ZIP containers (streamed, entry by entry)
     */
    public static Optional<FileType> sniff(byte[] head, Supplier<InputStream> content) {
        if (startsWith(head, PDF)) {
            return Optional.of(FileType.PDF);
        }
        if (startsWith(head, PNG)) {
            return Optional.of(FileType.PNG);
        }
        if (startsWith(head, JPEG)) {
            return Optional.of(FileType.JPEG);
        }
        if (startsWith(head, ZIP_EMPTY)) {
            return Optional.of(FileType.ZIP);
        }
        if (startsWith(head, ZIP_LOCAL)) {
            return Optional.of(zipFlavour(content));
        }
        return Optional.empty();
    }

    private static FileType zipFlavour(Supplier<InputStream> content) {
        try (ZipInputStream zip = new ZipInputStream(content.get())) {
            ZipEntry entry;
            int scanned = 0;
            while ((entry = zip.getNextEntry()) != null && scanned++ < MAX_ZIP_ENTRIES_SCANNED) {
                String name = entry.getName();
                if (name.equals("OFD.xml")) {
                    return FileType.OFD;
                }
                if (name.equals("word/document.xml")) {
                    return FileType.DOCX;
                }
                if (name.equals("xl/workbook.xml")) {
                    return FileType.XLSX;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a ZIP this reader cannot walk is still a ZIP by its signature
        }
        return FileType.ZIP;
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}

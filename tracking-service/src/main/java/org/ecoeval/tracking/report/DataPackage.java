package org.ecoeval.tracking.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ecoeval.tracking.domain.ReportSnapshot;
import org.ecoeval.tracking.domain.ReportSnapshot.EvidenceFile;
import org.ecoeval.tracking.persistence.ReportFileStore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Writes the data package of a signed report version as one zip stream: the report (PDF and DOCX), the accepted
 * values (JSON and XLSX), the score of both readings, the plan, every evidence file under
 * {@code evidence/<department>/<task>/<material or other>/<file name>}, the history of submissions, alerts and the
 * report's own steps, and last {@code manifest.json} with the SHA-256 and size of every other file. Evidence is
 * streamed from the report store and checked against the SHA-256 taken at generation: a file that is missing or
 * changed fails the whole package (the caller then discards the partial file).
 */
public final class DataPackage {

    /** Who signed and when: written into the manifest. */
    public record Signature(String signedBy, Instant signedAt) {
    }

    public record FileEntry(String path, String sha256, long sizeBytes) {
    }

    public static class EvidenceUnusable extends IOException {
        public EvidenceUnusable(String message) {
            super(message);
        }
    }

    private final ReportSnapshot snapshot;
    private final Signature signature;
    private final List<?> reportSteps;
    private final ReportFileStore files;
    private final ObjectWriter json;
    private final List<FileEntry> entries = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();

    public DataPackage(ReportSnapshot snapshot, Signature signature, List<?> reportSteps, ReportFileStore files,
            ObjectMapper mapper) {
        this.snapshot = snapshot;
        this.signature = signature;
        this.reportSteps = reportSteps;
        this.files = files;
        this.json = mapper.writerWithDefaultPrettyPrinter();
    }

    public void writeTo(OutputStream target) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(target, java.nio.charset.StandardCharsets.UTF_8);
        ReportDocument document = SelfCheckReport.of(snapshot);
        String base = "report/" + snapshot.evaluationId() + "-v" + snapshot.version() + "-自查报告";
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        PdfWriter.write(document, pdf);
        small(zip, base + ".pdf", pdf.toByteArray());
        ByteArrayOutputStream docx = new ByteArrayOutputStream();
        DocxWriter.write(document, docx);
        small(zip, base + ".docx", docx.toByteArray());
        small(zip, "data/values.json", json.writeValueAsBytes(snapshot.acceptedValues()));
        small(zip, "data/values.xlsx", valuesWorkbook());
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("asOf", snapshot.asOf());
        score.put("provisional", snapshot.provisional());
        score.put("confirmed", snapshot.confirmed());
        small(zip, "data/score.json", json.writeValueAsBytes(score));
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("evaluationId", snapshot.evaluationId());
        plan.put("version", snapshot.planVersion());
        plan.put("plan", snapshot.plan());
        plan.put("instances", snapshot.instances());
        small(zip, "data/plan.json", json.writeValueAsBytes(plan));
        small(zip, "history/submissions.json", json.writeValueAsBytes(snapshot.submissions()));
        small(zip, "history/alerts.json", json.writeValueAsBytes(snapshot.alerts()));
        small(zip, "history/report.json", json.writeValueAsBytes(reportSteps));
        for (EvidenceFile e : snapshot.evidence()) {
            evidence(zip, e);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("evaluationId", snapshot.evaluationId());
        manifest.put("reportVersion", snapshot.version());
        manifest.put("asOf", snapshot.asOf());
        manifest.put("signedBy", signature.signedBy());
        manifest.put("signedAt", signature.signedAt());
        manifest.put("files", entries);
        byte[] m = json.writeValueAsBytes(manifest);
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        zip.putNextEntry(entry("manifest.json"));
        zip.write(m);
        zip.closeEntry();
        zip.finish();
    }

    public List<FileEntry> entries() {
        return entries;
    }

    private void small(ZipOutputStream zip, String path, byte[] content) throws IOException {
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        zip.putNextEntry(entry(path));
        zip.write(content);
        zip.closeEntry();
        MessageDigest sha = ReportFileStore.sha256();
        entries.add(new FileEntry(path, java.util.HexFormat.of().formatHex(sha.digest(content)), content.length));
    }

    private void evidence(ZipOutputStream zip, EvidenceFile e) throws IOException {
        Path stored = files.evidence(e.id());
        if (!Files.isRegularFile(stored)) {
            throw new EvidenceUnusable("evidence " + e.id() + " (" + e.filename() + " of " + e.department() + "/"
                    + e.task() + ") is missing from the report store " + stored);
        }
        String path = unique("evidence/" + segment(e.department()) + "/" + segment(e.task()) + "/"
                + segment(e.material() == null ? "other" : e.material()) + "/" + segment(e.filename()));
        // evidence is mostly compressed already (PDF, JPEG, ZIP): deflate fast rather than hard
        zip.setLevel(Deflater.BEST_SPEED);
        zip.putNextEntry(entry(path));
        MessageDigest sha = ReportFileStore.sha256();
        long size;
        try (InputStream in = Files.newInputStream(stored);
                DigestOutputStream out = new DigestOutputStream(new NonClosing(zip), sha)) {
            size = in.transferTo(out);
        }
        zip.closeEntry();
        String digest = java.util.HexFormat.of().formatHex(sha.digest());
        if (!digest.equalsIgnoreCase(e.sha256()) || size != e.sizeBytes()) {
            throw new EvidenceUnusable("evidence " + e.id() + " (" + e.filename() + ") in the report store has SHA-256 "
                    + digest + " and " + size + " bytes, the report names " + e.sha256() + " and " + e.sizeBytes());
        }
        entries.add(new FileEntry(path, digest, size));
    }

    private ZipEntry entry(String path) {
        ZipEntry z = new ZipEntry(path);
        // the same content gives the same bytes: every entry carries the snapshot's instant, not the build time
        z.setTime(snapshot.asOf().toEpochMilli());
        return z;
    }

    private String unique(String path) {
        if (paths.add(path)) {
            return path;
        }
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        String stem = dot > slash ? path.substring(0, dot) : path;
        String ext = dot > slash ? path.substring(dot) : "";
        for (int n = 2;; n++) {
            String candidate = stem + " (" + n + ")" + ext;
            if (paths.add(candidate)) {
                return candidate;
            }
        }
    }

    /** One path segment of a zip entry: no separators, no parent references, no control characters. */
    static String segment(String name) {
        String s = name == null || name.isBlank() ? "_" : name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        return s.equals(".") || s.equals("..") || s.isEmpty() ? "_" : s;
    }

    private byte[] valuesWorkbook() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("已采纳数值");
            String[] header = { "单位 department", "任务 task", "指标 indicator", "年份 year", "数值 value",
                    "报送编号 submissionId", "版本 submissionVersion" };
            Row h = sheet.createRow(0);
            for (int i = 0; i < header.length; i++) {
                h.createCell(i).setCellValue(header[i]);
            }
            int r = 1;
            for (ReportSnapshot.AcceptedValue v : snapshot.acceptedValues()) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue(v.department());
                row.createCell(1).setCellValue(v.task());
                row.createCell(2).setCellValue(v.indicator());
                row.createCell(3).setCellValue(v.year());
                row.createCell(4).setCellValue(v.value().doubleValue());
                row.createCell(5).setCellValue(v.submissionId());
                row.createCell(6).setCellValue(v.submissionVersion());
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** The zip stays open when one entry's stream is closed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

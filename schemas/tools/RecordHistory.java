import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Writes every record schema of one tree of {@code schemas/} (a commit's, or the working tree's) to
 * {@code OUT/<full name>/<fingerprint>.avsc} in Parsing Canonical Form — what the fingerprint is computed over and all
 * a writer's schema needs for resolution (the reader's own schema brings the defaults) — as avro-maven-plugin would
 * parse it: the pom's imports first, in order,
 * then the other files. Run by {@code schemas/record-history} with the schemas module's class path (Avro).
 */
public class RecordHistory {

    private static final Pattern IMPORT = Pattern.compile("<import>\\$\\{project\\.basedir}/([^<]+)</import>");

    public static void main(String[] args) throws Exception {
        Path module = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Set<Path> files = new LinkedHashSet<>();
        Matcher m = IMPORT.matcher(Files.readString(module.resolve("pom.xml")));
        while (m.find()) {
            files.add(module.resolve(m.group(1)).normalize());
        }
        try (Stream<Path> all = Files.walk(module.resolve("src/main/avro"))) {
            all.filter(p -> p.toString().endsWith(".avsc")).sorted().forEach(p -> files.add(p.normalize()));
        }
        Schema.Parser parser = new Schema.Parser();
        List<Schema> records = new ArrayList<>();
        for (Path f : files) {
            if (Files.exists(f)) {
                Schema s = parser.parse(f.toFile());
                if (s.getType() == Schema.Type.RECORD) {
                    records.add(s);
                }
            }
        }
        for (Schema s : records) {
            long fp = SchemaNormalization.parsingFingerprint64(s);
            Path file = out.resolve(s.getFullName()).resolve(String.format("%016x.avsc", fp));
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, SchemaNormalization.toParsingForm(s) + "\n");
                System.out.println("new: " + out.relativize(file));
            }
        }
    }
}

package org.creditgrid.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.RiskRulesVersion;
import org.creditgrid.schema.RulesState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code creditgrid rules submit FILE [--activate]}: sends a risk-rules version to a running job. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Risk-rules versions of a running job.",
        subcommands = RulesCommand.Submit.class)
final class RulesCommand {

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Send a rules file as a CANDIDATE (evaluated in shadow, reported on rules-impact) or, with "
                    + "--activate, as the version in force (every enterprise re-scored). The file is checked here "
                    + "first; the job checks it again and dead-letters it if it is wrong.")
    static final class Submit implements Callable<Integer> {
        @Parameters(index = "0", description = "The rules file (JSON, the format of rules/risk-rules.json).")
        Path file;
        @Option(names = "--activate", description = "Put it in force instead of evaluating it in shadow.")
        boolean activate;
        @picocli.CommandLine.Mixin
        org.creditgrid.local.KafkaOptions kafka;
        @Option(names = "--topic", defaultValue = "risk-rules", description = "Topic (default ${DEFAULT-VALUE}).")
        String topic;
        @Option(names = "--by", defaultValue = "${sys:user.name}", description = "Who submits it (default: the user).")
        String by;

        @Override
        public Integer call() throws IOException {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            RiskRules rules;
            try {
                rules = RiskRules.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), file.toString());
            } catch (IOException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            RiskRulesVersion v = new RiskRulesVersion(rules.version(), activate ? RulesState.ACTIVE : RulesState.CANDIDATE,
                    json, by, Instant.now());
            if (Commands.send(kafka.client(), topic, v.getVersion(), AvroCodec.of(RiskRulesVersion.class).encode(v),
                    null) != 0) {
                return 1;
            }
            System.err.printf("Sent rules %s as %s to %s; watch %s and %s.%n", v.getVersion(), v.getState(), topic,
                    Topics.defaults().rulesImpact(), Topics.defaults().rulesAudit());
            return 0;
        }
    }
}

package dev.vigil.deploy.demo;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Sends the demo's logs (Kafka, Flink, Elasticsearch client, Vigil) to one file in the data
 * directory; the terminal keeps the launcher's own lines and Vigil's warnings.
 */
public final class LogFile {
    private LogFile() {}

    public static void use(Path file) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.ERROR);
        b.add(b.newAppender("file", "File")
                .addAttribute("fileName", file.toString())
                .addAttribute("append", true)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{ISO8601} %-5level [%t] %c{1.} - %msg%n")));
        b.add(b.newAppender("terminal", "Console")
                .addAttribute("target", "SYSTEM_ERR")
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %-5level %c{1} - %msg%n"))
                .add(b.newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY).addAttribute("level", Level.WARN)));
        b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("file")));
        b.add(b.newLogger("dev.vigil", Level.INFO).add(b.newAppenderRef("terminal")).addAttribute("additivity", true));
        // Flink and Kafka report routine shutdown steps as warnings; they stay in the file
        Configurator.reconfigure(b.build());
    }
}

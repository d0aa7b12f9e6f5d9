package dev.hcxmesh.broker;

import java.util.List;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;

/**
 * Kafka's loggers at INFO where nothing else set them. Outside Quarkus (the broker process of the
 * main job, the e2e test JVM) slf4j binds to jboss-logmanager, whose loggers are then at ALL: the
 * broker built the JSON description of every request for {@code kafka.request.logger} and formatted
 * every TRACE message, only for them to be dropped. In a LoadIT run profiled with JFR (Zen 4,
 * 2026-12-08; docs/BENCHMARKS.md says how) that was 144 of the test JVM's 1,122 execution samples,
 * and at INFO the samples with the broker in them fell from 804 to 464;
 * BrokerLatencyBench's send → ack went from p50 2.4 / p90 4.7 ms to 1.8–1.9 / 3.1–3.6 ms. A level
 * that is already set (Quarkus's log configuration, in a Quarkus test) is left alone.
 */
final class BrokerLogging {
    private BrokerLogging() {}

    static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger");

    static void infoUnlessConfigured() {
        LogContext context = LogContext.getLogContext();
        for (String name : CATEGORIES) {
            var logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.INFO);
            }
        }
    }
}

package com.example.shout;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.client.Taskmill;
import java.util.List;
import java.util.Map;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

/**
 * A Spring Boot application with Taskmill: it submits a batch with the auto-configured client,
 * and (with {@code taskmill.worker.enabled=true}) runs it on its own workers, which drain when
 * the application stops. {@code taskmill.broker} says where: the default {@code mem://} keeps
 * everything in this JVM; {@code amqp://...} makes the application one member of a fleet.
 */
@SpringBootApplication
public class ShoutApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShoutApplication.class, args);
    }

    /** The demo: shout three words through the queue and print what came back. */
    @Bean
    @Profile("demo")
    CommandLineRunner shoutSomeWords(Taskmill taskmill) {
        return args -> {
            List<JsonNode> results = taskmill.map("shout", List.of(Map.of("text", "pool"), Map.of("text", "map"),
                    Map.of("text", "join")));
            results.forEach(result -> System.out.println(result.path("text").asText()));
        };
    }
}

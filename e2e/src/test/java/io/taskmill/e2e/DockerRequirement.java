package io.taskmill.e2e;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Container suites need a Docker engine. In CI ({@code CI=true}) its absence fails the
 * build; on a developer machine the suite is skipped, with a line on stderr saying so.
 */
final class DockerRequirement {

    private DockerRequirement() {
    }

    static void require(String suite) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        String reason = suite + " needs a Docker engine and none answers (run: eval \"$(../shared/ci/local-docker.sh)\")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true: " + reason);
        }
        System.err.println("#### SKIPPED: " + reason + " ####");
        Assumptions.abort(reason);
    }

    /** The broker image: RABBITMQ_IMAGE (a local build here), else the public one users pull. */
    static String rabbitmqImage() {
        String image = System.getenv("RABBITMQ_IMAGE");
        return image == null || image.isBlank() ? "rabbitmq:4-management" : image;
    }
}

package io.taskmill.e2e;

import org.testcontainers.DockerClientFactory;

/** Container suites need a Docker engine: see {@link Requirements}. */
final class DockerRequirement {

    private DockerRequirement() {
    }

    static void require(String suite) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        Requirements.unmet(suite + " needs a Docker engine and none answers (run: eval \"$(../shared/ci/local-docker.sh)\")");
    }

    /** The broker image: RABBITMQ_IMAGE (a local build here), else the public one users pull. */
    static String rabbitmqImage() {
        String image = System.getenv("RABBITMQ_IMAGE");
        return image == null || image.isBlank() ? "rabbitmq:4-management" : image;
    }
}

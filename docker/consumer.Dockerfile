# The worker process. Build from the repository root after `mvn package`:
#   docker build -f docker/consumer.Dockerfile -t taskmill/consumer .
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home taskmill \
 && mkdir -p /app /run/taskmill && chown taskmill:taskmill /run/taskmill
COPY consumer/target/taskmill-consumer.jar /app/taskmill-consumer.jar
USER 10001:10001

ENV TASKMILL_HEALTH_FILE=/run/taskmill/healthy
# Healthy while the health file is younger than 3 touch intervals.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["sh", "-c", "test $(( $(date +%s) - $(stat -c %Y /run/taskmill/healthy) )) -lt 15"]

# Exec form: java is PID 1 and gets SIGTERM itself, so `docker stop` drains the worker.
# Heap follows the container's memory limit; an OOM exits so that the restart policy acts.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/taskmill-consumer.jar"]

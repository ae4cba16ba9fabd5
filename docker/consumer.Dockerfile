# The worker process. Build from the repository root after `mvn package`:
#   docker build -f docker/consumer.Dockerfile -t taskmill/consumer .
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home taskmill \
 && mkdir -p /app
COPY consumer/target/taskmill-consumer.jar /app/taskmill-consumer.jar
# A class-data archive made by this image's own JVM (an archive is bound to the JVM that made it):
# the classes a worker loads, parsed and verified once here rather than at every start.
RUN java -XX:ArchiveClassesAtExit=/app/taskmill-consumer.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp /app/taskmill-consumer.jar io.taskmill.consumer.ClassDataTraining
USER 10001:10001

# /metrics and /health on 8081, inside the container only unless TASKMILL_HTTP_HOST=0.0.0.0
# (for a Prometheus in another container). The healthcheck asks /health with bash alone:
# 200 while connected, subscribed and not wedged, 503 otherwise.
ENV TASKMILL_HTTP_PORT=8081 TASKMILL_HTTP_HOST=127.0.0.1
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${TASKMILL_HTTP_PORT} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]

# Exec form: java is PID 1 and gets SIGTERM itself, so `docker stop` drains the worker.
# Heap follows the container's memory limit; an OOM exits so that the restart policy acts. The JIT
# flags are bin/taskmill-consumer's: less than half the compiler's CPU in a consumer's first minutes.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/taskmill-consumer.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", \
  "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
  "-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000", "-XX:Tier4InvocationThreshold=20000", "-XX:Tier4MinInvocationThreshold=2400", \
  "-XX:Tier4CompileThreshold=30000", "-XX:Tier4BackEdgeThreshold=160000", \
  "-jar", "/app/taskmill-consumer.jar"]

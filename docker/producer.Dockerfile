# The taskmill CLI. Build from the repository root after `mvn package`:
#   docker build -f docker/producer.Dockerfile -t taskmill/producer .
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home taskmill && mkdir -p /app
COPY producer/target/taskmill.jar /app/taskmill.jar
# A class-data archive made by this image's own JVM, as the build makes one for bin/taskmill: a
# command's start is most of a short command's time.
RUN java -XX:ArchiveClassesAtExit=/app/taskmill.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp /app/taskmill.jar io.taskmill.cli.ClassDataTraining digest /app --output /tmp/training.sha512 --quiet \
 && rm /tmp/training.sha512
USER 10001:10001

ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/taskmill.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", \
  "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/taskmill.jar"]
CMD ["--help"]

# Redis from Debian's redis-server package, the broker of docker-compose.redis.yml. Built
# from Debian rather than pulled so that one recipe serves machines with and without access
# to an image registry.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/redis && chown redis:redis /var/lib/redis
# The package made the system user redis.
USER redis
EXPOSE 6379

# An append-only file fsynced every second (Redis's default): a confirmed task survives a
# restart of the container, and at most a second of them a power cut (see "Running on Redis").
ENTRYPOINT ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", "/var/lib/redis", \
            "--appendonly", "yes", "--appendfsync", "everysec"]

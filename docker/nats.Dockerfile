# NATS with JetStream from Debian's nats-server package, the broker of
# docker-compose.nats.yml. Built from Debian rather than pulled so that one recipe serves
# machines with and without access to an image registry.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nats-server curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/nats && chown nats:nats /var/lib/nats
# The package made the system user nats.
USER nats
EXPOSE 4222 8222

# curl is for the health check in docker-compose.nats.yml.
ENTRYPOINT ["nats-server", "--jetstream", "--store_dir", "/var/lib/nats", "--http_port", "8222"]

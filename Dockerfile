# syntax=docker/dockerfile:1
# The Sfu server. Build from the repository root:   docker build -t sfu .
# Run (see docs/deploy.md for the media ports and the announced address):
#   docker run --rm -p 8080:8080 -p 40000-40001:40000-40001/udp \
#     -e Sfu__Media__AnnouncedAddresses__0=203.0.113.7 sfu

# --- build: the .NET SDK, plus Node.js/npm for the server's browser bundle -------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Sfu.Server -c Release -o /app --no-self-contained

# --- runtime: ASP.NET Core runtime only (it includes OpenSSL 3, which DTLS uses) -------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .

# Configuration is environment variables (`__` between levels); every option is in README.md.
# Two media workers on UDP 40000-40001, so the ports below match whatever the host's core count is.
# Set Sfu__Media__AnnouncedAddresses__0 to the address browsers reach the host at.
ENV Urls=http://0.0.0.0:8080 \
    Sfu__Media__Port=40000 \
    Sfu__Media__Workers=2 \
    Sfu__Media__ListenAddress=0.0.0.0

EXPOSE 8080/tcp
EXPOSE 40000-40001/udp

# The image's non-root `app` user.
USER $APP_UID

# The aspnet image has no curl or wget: bash's /dev/tcp asks /readyz (media workers running) on the HTTP
# port. If you move the server off 8080 (Urls), override this check with the new port.
HEALTHCHECK --interval=15s --timeout=5s --start-period=15s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "Sfu.Server.dll"]

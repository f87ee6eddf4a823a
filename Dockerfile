# One image for the API and the workers.
# Build stage: a virtualenv with the project and its wheels.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY intake ./intake
COPY quality ./quality
COPY ocr ./ocr
COPY storage ./storage
COPY workers ./workers
RUN python -m venv /opt/intake && /opt/intake/bin/pip install '.[tesserocr]'

# Run stage: Tesseract with the portal's languages, the venv, a non-root user.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-nld tesseract-ocr-fra tesseract-ocr-deu \
      tesseract-ocr-script-latn fonts-ocr-b jbig2dec \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 intake
COPY --from=build /opt/intake /opt/intake
ENV PATH=/opt/intake/bin:$PATH \
    OMP_THREAD_LIMIT=1 \
    INTAKE_DATA_DIR=/var/lib/intake
RUN mkdir -p /var/lib/intake && chown intake:intake /var/lib/intake
USER intake
WORKDIR /home/intake
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["intake", "serve", "--host", "0.0.0.0", "--port", "8000"]

# The service image: the API and pages (python -m service) and the indexer (python -m indexer).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GTS_DATA_DIR=/data \
    GTS_HOST=0.0.0.0 \
    GTS_PORT=8000

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin gts \
    && mkdir -p /data && chown gts:gts /data

WORKDIR /app
# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p service indexer seed && touch service/__init__.py indexer/__init__.py seed/__init__.py \
    && pip install . && pip uninstall -y green-practices && rm -rf service indexer seed build *.egg-info
# The code and its data (taxonomy, synonyms, toolkit content, templates) are read from /app at run time.
COPY service ./service
COPY indexer ./indexer
COPY seed ./seed
COPY frontend ./frontend
RUN pip install --no-deps -e . && python -c "import service.app, indexer.commands"

USER gts
EXPOSE 8000
# /api/health answers 200 while the process serves; whether search is up is in its body.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=2)"]
# Migrations run in the app's start-up (lifespan), before it accepts requests.
CMD ["python", "-m", "service", "--host", "0.0.0.0"]

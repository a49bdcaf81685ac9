# Paid-Off Advisor: a slim image running the Telegram bot as a non-root user.
#   docker build -t paidoff .
#   docker run --env-file .env -v paidoff-data:/data paidoff
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PAIDOFF_DB_PATH=/data/paidoff.sqlite3 PAIDOFF_KNOWLEDGE_DIR=/app/knowledge
# In a container the reverse proxy is outside, so a webhook must listen on every address.
ENV PAIDOFF_WEBHOOK_LISTEN=0.0.0.0

WORKDIR /app
# The PDF evidence report embeds a subset of this CJK font (bot/report/font.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.lock requirements-build.lock ./
RUN pip install --no-cache-dir -r requirements-build.lock -r requirements.lock
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    # Refuse to build an image whose knowledge base is broken.
    && paidoff check /app/knowledge \
    # ... or that cannot read screenshots: the OCR models load from the rapidocr wheel
    # (requirements.lock), nothing is downloaded, here or at run time.
    && python -c "from bot.ocr import RapidOcrEngine; RapidOcrEngine().warm_up()" \
    && useradd --create-home --uid 10001 advisor \
    && mkdir -p /data && chown advisor /data

USER advisor
VOLUME ["/data"]
CMD ["paidoff", "run"]

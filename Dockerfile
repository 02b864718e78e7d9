# The consumer as a queue worker (docs/worker.md): drains the work queue with the same CompanyProcessor
# and BatchRunner as the Lambda function, for backfills on ECS Fargate (Spot). Build the jar first:
#   ./mvnw -B -q -DskipTests -pl consumer-lambda -am package
#   docker build -t fang-sentiment-worker .
# The three CoreNLP model files are inside the shaded jar, as for Lambda: nothing is downloaded at start.
FROM eclipse-temurin:21-jre

# A fixed non-root user: the worker needs no privileges, writes nothing to disk and listens on no port.
RUN groupadd --system --gid 10001 worker \
 && useradd --system --uid 10001 --gid worker --home-dir /app --shell /usr/sbin/nologin worker
WORKDIR /app
COPY --chown=root:root --chmod=0444 consumer-lambda/target/consumer-lambda.jar /app/consumer-lambda.jar
USER 10001:10001

# Heap from the container's memory limit, not the host's: CoreNLP's shift-reduce parser holds about 650 MB live
# and the process peaked at 1.74 GB RSS with -Xmx1536m (docs/benchmarks.md); 75 % of the
# template's 4 GB task is a 3 GB heap.
# -UsePerfData: nothing to write to /tmp, so the root file system can be read-only (the task definition makes it so).
# ExitOnOutOfMemoryError: a task that ran out of heap exits and ECS replaces it; its messages come back.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError -XX:+TieredCompilation -XX:TieredStopAtLevel=4"

# SIGTERM (Fargate Spot's two-minute warning, docker stop) reaches java directly (exec form, PID 1): the
# shutdown hook stops receiving, finishes what fits in WORKER_STOP_BUDGET_SECONDS, returns the rest, exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-cp", "/app/consumer-lambda.jar", "org.fangsentiment.worker.WorkerMain"]

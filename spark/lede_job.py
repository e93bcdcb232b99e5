#!/usr/bin/env python3
"""lede on Apache Spark: extract a whole archive, write the contract as tables.

    spark-submit --files target/release/lede spark/lede_job.py \\
        --input PATHS --output DIR [--write parquet,jsonl] [--partitions N]

The map half pipes each partition through `lede extract - --shard` (the binary shipped with
--files, found with SparkFiles.get): articles with their local extraction, the partition's
name table, its warnings. The name tables are joined through `lede merge --partial` (rows of
one name meet in one partition) and then `lede merge`, which decides every canonical name; the
mapping is broadcast, and `lede extract --apply` rewrites each partition to the contract. The
same code decides names as one `lede extract` over the whole corpus, so the result is the same.

Output (DIR): articles/, mentions/, quotes/, entities/, warnings/ as Parquet tables and/or
jsonl/ (the contract, one article a line, as `lede extract --json` writes it). `lede open DIR`
explores either. Input: JSON Lines files (.jsonl, .ndjson, compressed or not) are read as
lines, split across partitions; any other file (web pages, feeds, CSV, WARC) is read whole,
one file a record, and handed to lede in a tar stream with its name.
"""
import argparse
import hashlib
import json
import os
import stat
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

LINE_ENDINGS = (".jsonl", ".ndjson")
COMPRESSED = ("", ".gz", ".bz2", ".zst", ".deflate")

# The contract, as `lede extract --json` writes it (README, "Headless").
SPAN = T.ArrayType(T.LongType())
CONTRACT = T.StructType([
    T.StructField("id", T.StringType()),
    T.StructField("source", T.StringType()),
    T.StructField("title", T.StringType()),
    T.StructField("dateline", T.StringType()),
    T.StructField("date", T.StringType()),
    T.StructField("url", T.StringType()),
    T.StructField("author", T.StringType()),
    T.StructField("outlet", T.StringType()),
    T.StructField("body", T.StringType()),
    T.StructField("entities", T.ArrayType(T.StructType([
        T.StructField("name", T.StringType()),
        T.StructField("kind", T.StringType()),
        T.StructField("aliases", T.ArrayType(T.StringType())),
        T.StructField("mentions", T.ArrayType(SPAN)),
        T.StructField("confidence", T.FloatType()),
    ]))),
    T.StructField("quotes", T.ArrayType(T.StructType([
        T.StructField("text", T.StringType()),
        T.StructField("speaker", T.StringType()),
        T.StructField("speaker_span", SPAN),
        T.StructField("span", SPAN),
        T.StructField("scare", T.BooleanType()),
        T.StructField("kind", T.StringType()),
        T.StructField("cue", SPAN),
        T.StructField("confidence", T.FloatType()),
    ]))),
])
MAPPING = T.StructType([
    T.StructField("name", T.StringType()),
    T.StructField("kind", T.StringType()),
    T.StructField("aliases", T.ArrayType(T.StringType())),
    T.StructField("mentions", T.LongType()),
    T.StructField("confidence", T.FloatType()),
    T.StructField("members", T.ArrayType(T.StringType())),
])
WARNING = T.StructType([
    T.StructField("warning", T.StructType([
        T.StructField("path", T.StringType()),
        T.StructField("line", T.LongType()),
        T.StructField("message", T.StringType()),
        T.StructField("grouped", T.LongType()),
    ])),
])


def lede_binary():
    """The binary shipped with --files, made executable if the copy lost its bit."""
    path = SparkFiles.get("lede")
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        try:
            os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        except OSError:
            pass
    return path


def run_lede(args, feed, threads):
    """Run lede with `args`, writing what `feed(stdin)` writes to its standard input from a
    thread of its own, and yield its standard output line by line. lede's warnings (stderr)
    go to the task's log. A non-zero exit raises, so Spark retries the task."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    proc = subprocess.Popen([lede_binary()] + args, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env)
    failure = []

    def write():
        try:
            feed(proc.stdin)
        except BrokenPipeError:
            pass
        except Exception as err:  # reported below, after lede has ended
            failure.append(err)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    for line in proc.stdout:
        yield line.decode("utf-8").rstrip("\n")
    code = proc.wait()
    writer.join()
    if failure:
        raise failure[0]
    if code != 0:
        raise RuntimeError(f"lede {' '.join(args[:2])} exited with {code}")


def lines_feed(lines):
    def feed(stdin):
        for line in lines:
            stdin.write(line.encode("utf-8"))
            stdin.write(b"\n")
    return feed


def tar_feed(files):
    """Files (path, bytes) as a tar stream, each member named by its path (PAX names, so
    long ones keep whole)."""
    def feed(stdin):
        with tarfile.open(fileobj=stdin, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for path, data in files:
                info = tarfile.TarInfo(name=path.split("://", 1)[-1].lstrip("/"))
                info.size = len(data)
                info.mtime = 0
                tar.addfile(info, fileobj=_Reader(data))
    return feed


class _Reader:
    """Bytes as a file object for tarfile."""

    def __init__(self, data):
        self.data = memoryview(data)
        self.at = 0

    def read(self, n=-1):
        end = len(self.data) if n is None or n < 0 else self.at + n
        chunk = self.data[self.at:end]
        self.at += len(chunk)
        return bytes(chunk)


def is_lines(path):
    base = path.rstrip("/").lower()
    return any(base.endswith(e + c) for e in LINE_ENDINGS for c in COMPRESSED)


def mapping_file(text):
    """The broadcast mapping as a file on this executor, written once (atomically) per
    mapping."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"lede-mapping-{digest}.jsonl")
    if not os.path.exists(path):
        fd, tmp = tempfile.mkstemp(dir=tempfile.gettempdir(), prefix="lede-mapping-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    return path


def name_key(line):
    row = json.loads(line)["names"]
    return (row["kind"], row["name"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", nargs="+", required=True,
                    help="files, folders or globs (any Hadoop file system)")
    ap.add_argument("--output", required=True, help="output folder (must not exist)")
    ap.add_argument("--write", default="parquet,jsonl",
                    help="parquet, jsonl or both (default both)")
    ap.add_argument("--partitions", type=int, default=0,
                    help="at least this many input partitions (default: the cluster's parallelism)")
    ap.add_argument("--min-confidence", type=float, default=0.0)
    args = ap.parse_args()
    writes = {w.strip() for w in args.write.split(",") if w.strip()}
    if not writes <= {"parquet", "jsonl"}:
        ap.error("--write takes parquet, jsonl or both")

    spark = SparkSession.builder.appName("lede").getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    out = args.output.rstrip("/")
    # Spark would stop at the first table it cannot write; say so before any work is done.
    hadoop_out = sc._jvm.org.apache.hadoop.fs.Path(out)
    if hadoop_out.getFileSystem(sc._jsc.hadoopConfiguration()).exists(hadoop_out):
        spark.stop()
        sys.exit(f"lede job: {out} exists already: give a new output folder")
    threads = int(sc.getConf().get("spark.task.cpus", "1"))
    partitions = args.partitions or sc.defaultParallelism
    started = time.time()

    def log(message):
        print(f"lede job [{time.time() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    # Map: every partition through `lede extract --shard`.
    sc.setJobDescription("lede: extract (map)")
    line_paths = [p for p in args.input if is_lines(p)]
    file_paths = [p for p in args.input if not is_lines(p)]
    parts = []
    if line_paths:
        lines = sc.textFile(",".join(line_paths), minPartitions=partitions)

        def extract_lines(index, it):
            name = f"part-{index:05d}.jsonl"
            return run_lede(["extract", "-", "--shard", "--source", name], lines_feed(it), threads)

        parts.append(lines.mapPartitionsWithIndex(extract_lines))
    if file_paths:
        sc._jsc.hadoopConfiguration().set(
            "mapreduce.input.fileinputformat.input.dir.recursive", "true")
        files = sc.binaryFiles(",".join(file_paths), minPartitions=partitions)
        parts.append(files.mapPartitions(
            lambda it: run_lede(["extract", "-", "--shard", "--tar"], tar_feed(it), threads)))
    shard = parts[0] if len(parts) == 1 else sc.union(parts)
    shard = shard.persist(StorageLevel.MEMORY_AND_DISK)

    # Reduce: the name tables joined by name, then merged in one place.
    sc.setJobDescription("lede: merge names (reduce)")
    names = shard.filter(lambda l: l.startswith('{"names"'))
    joined = (names.keyBy(name_key)
              .partitionBy(max(1, partitions))
              .values()
              .mapPartitions(lambda it: run_lede(["merge", "--partial", "-"], lines_feed(it), threads)))
    mapping_lines = (joined.coalesce(1)
                     .mapPartitions(lambda it: run_lede(["merge", "-"], lines_feed(it), threads))
                     .collect())
    log(f"merged names into {len(mapping_lines)} entities")
    mapping = sc.broadcast("\n".join(mapping_lines) + "\n")

    # Apply: each partition's articles rewritten to the contract with canonical names.
    sc.setJobDescription("lede: apply canonical names")
    apply_args = ["--min-confidence", str(args.min_confidence)]

    def apply(it):
        path = mapping_file(mapping.value)
        return run_lede(["extract", "--apply", path, "-"] + apply_args, lines_feed(it), threads)

    contract = (shard.filter(lambda l: l.startswith('{"article"'))
                .mapPartitions(apply)
                .persist(StorageLevel.MEMORY_AND_DISK))
    if "jsonl" in writes:
        sc.setJobDescription("lede: write jsonl")
        contract.saveAsTextFile(f"{out}/jsonl")
        log("wrote jsonl/")
    warnings = spark.read.schema(WARNING).json(
        shard.filter(lambda l: l.startswith('{"warning"'))).select("warning.*")
    if "parquet" in writes:
        sc.setJobDescription("lede: write parquet")
        # Not cached: Spark's columnar cache builds batches of 10,000 rows, and 10,000 articles
        # with their bodies overflow an executor's default 1 GB heap. Parsed again per table.
        df = spark.read.schema(CONTRACT).json(contract)
        df.select("id", "source", "title", "dateline", "date", "url", "author", "outlet",
                  "body").write.parquet(f"{out}/articles")
        entity = df.select(F.col("id").alias("article_id"), F.explode("entities").alias("e"))
        (entity.select("article_id", F.col("e.name").alias("name"), F.col("e.kind").alias("kind"),
                       F.explode("e.mentions").alias("m"))
         .select("article_id", "name", "kind",
                 F.col("m")[0].cast("int").alias("start"), F.col("m")[1].cast("int").alias("end"))
         .write.parquet(f"{out}/mentions"))
        (df.select(F.col("id").alias("article_id"), F.explode("quotes").alias("q"))
         .select("article_id",
                 F.col("q.span")[0].cast("int").alias("start"),
                 F.col("q.span")[1].cast("int").alias("end"),
                 F.col("q.text").alias("text"), F.col("q.speaker").alias("speaker"),
                 F.col("q.speaker_span")[0].cast("int").alias("speaker_start"),
                 F.col("q.speaker_span")[1].cast("int").alias("speaker_end"),
                 F.col("q.scare").alias("scare"), F.col("q.kind").alias("kind"),
                 F.col("q.cue")[0].cast("int").alias("cue_start"),
                 F.col("q.cue")[1].cast("int").alias("cue_end"),
                 F.col("q.confidence").alias("confidence"))
         .write.parquet(f"{out}/quotes"))
        (spark.read.schema(MAPPING).json(sc.parallelize(mapping_lines, 1))
         .select("name", "kind", "aliases", "mentions", "confidence")
         .write.parquet(f"{out}/entities"))
        warnings.write.parquet(f"{out}/warnings")
        log("wrote articles/, mentions/, quotes/, entities/, warnings/ (Parquet)")
    else:
        warnings.write.json(f"{out}/warnings")
    log(f"done: {contract.count()} articles, {len(mapping_lines)} entities, "
        f"{warnings.count()} warnings")
    spark.stop()


if __name__ == "__main__":
    main()

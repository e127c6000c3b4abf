"""Build-time warm-up for the class data sharing archive (docker/Dockerfile).

Runs what every job runs (a SparkSession, a Spark SQL query with a shuffle, a Parquet write and read, a
result collected as Arrow) in local mode, so the driver JVM, started with -XX:ArchiveClassesAtExit,
archives the classes that drivers, executors and daemons load. Those then map from the archive instead
of being parsed and verified from 280 jars at every JVM start.
"""
import sys
import tempfile

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("cds-warmup").getOrCreate()
folder = tempfile.mkdtemp()
rows = spark.sql("SELECT id % 7 AS k, count(*) AS n, sum(id) AS s FROM range(0, 100000, 1, 4) GROUP BY k")
rows.coalesce(1).write.mode("overwrite").parquet("file://" + folder + "/out")
back = spark.read.parquet("file://" + folder + "/out")
back.createOrReplaceTempView("back")
total = spark.sql("SELECT sum(n) AS n FROM back WHERE k BETWEEN :low AND :high", args={"low": 0, "high": 6})
# Results reach the driver as Arrow, packed in a struct column, as spark-job/job/run_sql.py collects them.
packed = total.select(F.lit(0).alias("result_index"), F.struct("n").alias("result_0")).toArrow()
spark.stop()
sys.exit(0 if packed["result_0"].combine_chunks().field("n")[0].as_py() == 100000 else 1)

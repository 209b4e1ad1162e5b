"""Scenarios run both on real Apache Spark (to record goldens) and on Fulgur.

Each scenario takes a SparkSession and returns the text a user would see: what show()
or printSchema() prints, or repr() of collected values. Goldens are written by
gen_goldens.py with real Spark and compared by test_scenarios.py; never edit them by hand.
"""
import contextlib
import io
import os

from pyspark.sql import functions as F

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "..", "testdata")


def printed(fn):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn()
    return buf.getvalue()


def overview_show(spark):
    return printed(lambda: spark.createDataFrame([(1, "Sarah"), (2, "Maria")]).toDF("id", "name").show())


def range_count(spark):
    return repr(spark.range(10).count())


def range_collect(spark):
    return repr(spark.range(0, 100, 7, 3).collect())


def simpleapp(spark):
    path = os.path.join(TESTDATA, "simpleapp.txt")
    df = spark.read.text(path).cache()
    a = df.filter(df.value.contains("a")).count()
    b = df.filter(df.value.contains("b")).count()
    return f"Lines with a: {a}, lines with b: {b}"


def filter_select(spark):
    df = spark.range(20)
    return repr(df.filter(F.col("id") > 12).select((F.col("id") + 1).alias("x"), (F.col("id") * 2)).collect())


def show_variants(spark):
    df = spark.createDataFrame(
        [(1, "short", 1.5, True), (2, "a string longer than twenty characters", None, False), (3, None, -0.25, None)],
        "id int, s string, d double, b boolean",
    )
    out = printed(lambda: df.show())
    out += printed(lambda: df.show(truncate=False))
    out += printed(lambda: df.show(2))
    out += printed(lambda: df.show(vertical=True))
    out += printed(lambda: df.show(truncate=5))
    return out


def print_schema(spark):
    df = spark.createDataFrame([(1, "a", 2.0)], "id long, name string, v double")
    out = printed(df.printSchema)
    out += repr(df.columns) + "\n" + repr(spark.range(3).schema)
    return out


def expressions_show(spark):
    df = spark.range(5)
    return printed(lambda: df.select("id", F.col("id") + 1, F.col("id") * 2.5, F.col("id") % 2 == 0, F.lit("x"), F.col("id").cast("string")).show())


def limit_count(spark):
    return repr([spark.range(100).limit(7).count(), spark.range(100, numPartitions=4).limit(3).collect()])


def group_count(spark):
    df = spark.range(20).withColumn("k", F.col("id") % 3)
    rows = df.groupBy("k").agg(F.count("id").alias("n"), F.sum("id").alias("s"), F.min("id"), F.max("id"), F.avg("id")).orderBy("k").collect()
    return repr(rows)


def sql_select_1(spark):
    return printed(lambda: spark.sql("SELECT 1").show())


def sql_range(spark):
    out = repr(spark.sql("SELECT id, id * 2 AS d FROM range(5) WHERE id > 1").collect())
    out += printed(lambda: spark.sql("SELECT count(*) FROM range(100)").show())
    out += printed(lambda: spark.sql("select id % 3 as k, count(1) as n, sum(id) from range(0, 30, 1, 4) group by 1 order by k").show())
    out += printed(lambda: spark.sql("SELECT 'a' AS s, 2.5 AS d, 7L AS l, NULL AS n, true AND NOT false AS b").show())
    out += printed(lambda: spark.sql("SELECT id FROM range(10) ORDER BY id DESC LIMIT 3 OFFSET 1").show())
    return out


def sql_casts(spark):
    return printed(lambda: spark.sql("SELECT cast(id AS string), cast(id + 1 AS string), cast('7' AS int) + 1, id / 2 FROM range(3)").show())


def sql_params(spark):
    out = repr(spark.sql("SELECT :x + 1 AS y", args={"x": 41}).collect())
    out += repr(spark.sql("SELECT id FROM range(10) WHERE id BETWEEN ? AND ?", args=[3, 5]).collect())
    return out


def temp_view_sql(spark):
    spark.range(6).createOrReplaceTempView("six")
    return printed(lambda: spark.sql("SELECT id, id * id AS sq FROM six WHERE id % 2 = 0").show())


def parquet_read(spark):
    df = spark.read.parquet(os.path.join(TESTDATA, "people.parquet"))
    out = printed(df.printSchema)
    out += printed(lambda: df.orderBy("id").show())
    out += repr(df.count()) + "\n"
    out += repr(df.filter(df.big > 15).select("name", "score").orderBy("name").collect()) + "\n"
    out += printed(lambda: spark.read.format("parquet").load(os.path.join(TESTDATA, "people.parquet")).groupBy().sum("big").show())
    return out


def joins(spark):
    emp = spark.createDataFrame(
        [(1, "Ann", 10), (2, "Bob", 20), (3, "Cid", None), (4, "Dee", 30)], "id int, name string, dept int")
    dept = spark.createDataFrame([(10, "Eng"), (20, "Ops"), (40, "Law")], "dept int, dname string")
    out = ""
    for how in ["inner", "left", "right", "full", "left_semi", "left_anti"]:
        out += how + "\n" + printed(lambda: emp.join(dept, "dept", how).orderBy("dept", "id").show())
    out += printed(lambda: emp.join(dept, emp.dept == dept.dept).select(emp.name, dept.dname).orderBy("name").show())
    out += printed(lambda: emp.join(dept, (emp.dept == dept.dept) & (emp.id > 1), "left").select("id", "dname").orderBy("id").show())
    out += printed(lambda: emp.select("id").crossJoin(dept.select("dname")).orderBy("id", "dname").show(5))
    a = spark.range(5)
    out += printed(lambda: a.alias("x").join(a.alias("y"), "id").orderBy("id").show())
    return out


def set_operations(spark):
    a = spark.createDataFrame([(1, "a"), (2, "b"), (2, "b"), (None, "n")], "k int, v string")
    b = spark.createDataFrame([(2, "b"), (3, "c"), (None, "n")], "k int, v string")
    out = printed(lambda: a.union(b).orderBy("k", "v").show())
    out += printed(lambda: a.union(b).distinct().orderBy("k", "v").show())
    out += printed(lambda: a.intersect(b).orderBy("k").show())
    out += printed(lambda: a.subtract(b).orderBy("k").show())
    c = spark.createDataFrame([("z", 9)], "v string, k int")
    out += printed(lambda: a.unionByName(c).orderBy("k").show())
    out += printed(lambda: spark.range(3).union(spark.range(2).selectExpr("cast(id as int) as id")).orderBy("id").show())
    return out


def when_coalesce(spark):
    df = spark.createDataFrame([(1, None), (2, "x"), (None, "y")], "a int, b string")
    return printed(lambda: df.select(
        F.when(df.a > 1, "big").when(df.a == 1, "one").otherwise("none").alias("w"),
        F.coalesce(df.b, F.lit("dflt")).alias("c"),
        F.when(df.a.isNull(), 0).otherwise(df.a)).show())


def sql_joins_case(spark):
    spark.createDataFrame([(1, "Ann", 10), (2, "Bob", 20), (3, "Cid", None), (4, "Dee", 30)],
                          "id int, name string, dept int").createOrReplaceTempView("emp")
    spark.createDataFrame([(10, "Eng"), (20, "Ops"), (40, "Law")], "dept int, dname string").createOrReplaceTempView("dept")
    q = [
        "SELECT e.name, d.dname FROM emp e JOIN dept d ON e.dept = d.dept ORDER BY e.name",
        "SELECT e.name, d.dname FROM emp e LEFT JOIN dept d ON e.dept = d.dept ORDER BY e.name",
        "SELECT * FROM emp FULL OUTER JOIN dept USING (dept) ORDER BY dept, id",
        "SELECT name FROM emp LEFT ANTI JOIN dept ON emp.dept = dept.dept ORDER BY name",
        "SELECT e.name, d.dname FROM emp e, dept d WHERE e.dept = d.dept ORDER BY name",
        "SELECT name, CASE WHEN dept IS NULL THEN 'none' WHEN dept < 20 THEN 'low' ELSE 'high' END AS lvl, "
        "CASE dept WHEN 10 THEN 'ten' END FROM emp ORDER BY id",
        "SELECT dept, count(*) AS n FROM emp GROUP BY dept HAVING count(*) >= 1 AND dept > 10 ORDER BY dept",
        "SELECT name FROM emp WHERE id IN (1, 3, 5) OR name LIKE 'D%' ORDER BY name",
        "SELECT id FROM range(5) UNION ALL SELECT id FROM range(3) ORDER BY id",
    ]
    return "".join(printed(lambda: spark.sql(x).show()) for x in q)


def functions_misc(spark):
    df = spark.createDataFrame([(1, "hello world", -2.5), (2, "Spark", 3.14159), (3, None, None)], "id int, s string, d double")
    return printed(lambda: df.select(
        F.substring("s", 1, 5), F.concat(df.s, F.lit("!")), F.round(df.d, 2), F.abs(df.d), F.sqrt(F.abs(df.d)),
        df.s.like("%o%"), df.id.isin(1, 3), F.upper(df.s), F.length(df.s), F.floor(df.d), F.ceil(df.d)).show(truncate=False))


def decimals(spark):
    out = printed(lambda: spark.sql(
        "SELECT 1.5 * 2, 0.1 + 0.2, cast(3 AS decimal(10,2)) / 4, 10.25 - 0.5, -1.5, 7 % 2.5, "
        "cast('12.345' AS decimal(6,2)), cast(2.5 AS double), 1.5 > 1.25, DATE '2020-02-29'").show())
    df = spark.createDataFrame([(1, "1.10"), (1, "2.25"), (2, "3.00"), (2, None)], "k int, v string") \
        .select("k", F.col("v").cast("decimal(8,2)").alias("v"))
    out += printed(lambda: df.groupBy("k").agg(F.sum("v"), F.avg("v"), F.min("v"), F.max("v"), F.count("v")).orderBy("k").show())
    out += printed(df.printSchema)
    return out


def windows(spark):
    from pyspark.sql import Window
    df = spark.createDataFrame(
        [("a", 1, 10.0), ("a", 2, 20.0), ("a", 2, 5.0), ("b", 1, 7.0), ("b", 3, None), ("c", 9, 1.0)],
        "g string, k int, v double")
    w = Window.partitionBy("g").orderBy("k")  # ties: rank-like functions only
    wt = Window.partitionBy("g").orderBy("k", "v")  # a total order: row-based functions
    out = printed(lambda: df.select(
        "g", "k", "v",
        F.row_number().over(wt).alias("rn"), F.rank().over(w).alias("rk"), F.dense_rank().over(w).alias("dr"),
        F.lag("k").over(wt).alias("lag"), F.lead("k", 1, -1).over(wt).alias("lead"),
        F.sum("v").over(w).alias("run_sum"), F.count("v").over(Window.partitionBy("g")).alias("n"),
        F.max("v").over(wt.rowsBetween(Window.unboundedPreceding, Window.currentRow)).alias("run_max"),
    ).orderBy("g", "k", "v").show())
    out += printed(lambda: df.withColumn("pr", F.percent_rank().over(w)).withColumn("cd", F.cume_dist().over(w))
                   .withColumn("nt", F.ntile(2).over(wt)).orderBy("g", "k", "v").show())
    out += printed(lambda: spark.sql("SELECT id, sum(id) OVER (ORDER BY id) AS s FROM range(4)").show())
    return out


def na_and_dedup(spark):
    df = spark.createDataFrame(
        [(1, None, None, None), (2, 2.5, "x", True), (None, float("nan"), None, False), (1, 1.0, "y", None)],
        "a int, d double, s string, b boolean")
    out = printed(lambda: df.fillna(0).orderBy("s", "a").show())
    out += printed(lambda: df.fillna("z").orderBy("s", "a").show())
    out += printed(lambda: df.fillna({"a": 9, "s": "q"}).orderBy("s", "a").show())
    out += printed(lambda: df.na.fill(False).orderBy("s", "a").show())
    out += repr([df.dropna().count(), df.dropna(how="all").count(), df.dropna(thresh=2).count(),
                 df.dropna(subset=["s"]).count()]) + "\n"
    out += printed(lambda: df.dropDuplicates(["a"]).select("a").orderBy("a").show())
    out += printed(lambda: spark.createDataFrame([(1, "p"), (1, "p"), (2, "q")], "k int, v string")
                   .dropDuplicates().orderBy("k").show())
    out += printed(lambda: spark.range(10).groupBy((F.col("id") % 2).alias("m"))
                   .agg(F.first("id"), F.last("id")).orderBy("m").show())
    return out


def describe(spark):
    df = spark.createDataFrame([(1, "a", 2.5), (2, "b", None), (3, None, 7.0), (4, "d", 1.0)], "i int, s string, d double")
    out = printed(lambda: df.describe().show())
    out += printed(lambda: df.describe("i").show())
    out += printed(lambda: df.summary("count", "min", "max").show())
    out += printed(lambda: df.agg(F.stddev("d"), F.var_samp("i"), F.stddev_pop("i"), F.var_pop("d")).show())
    return out


def dates(spark):
    df = spark.createDataFrame([("2020-02-29", "2021-03-01 10:11:12"), ("1999-12-31", "1970-01-01 00:00:00"), (None, None)],
                               "d string, t string")
    out = printed(lambda: df.select(
        F.col("d").cast("date").alias("dd"), F.to_date("d"), F.year(F.col("d").cast("date")),
        F.month("d"), F.dayofmonth("d"), F.quarter("d"), F.dayofweek("d"),
        F.date_add(F.col("d").cast("date"), 1), F.datediff(F.lit("2021-01-01").cast("date"), F.col("d").cast("date")),
    ).show())
    out += printed(lambda: df.select(F.col("t").cast("timestamp").alias("ts"), F.hour(F.col("t").cast("timestamp")),
                                     F.col("t").cast("timestamp").cast("date"), F.col("d").cast("date").cast("timestamp")).show())
    out += printed(lambda: df.select(F.col("t").cast("timestamp")).printSchema())
    return out


def distinct_and_tail(spark):
    df = spark.createDataFrame([(1, "a"), (1, "b"), (2, "a"), (2, None), (3, "a")], "k int, v string")
    out = printed(lambda: df.groupBy("k").agg(F.countDistinct("v")).orderBy("k").show())
    out += printed(lambda: df.agg(F.countDistinct("v")).show())
    out += printed(lambda: spark.sql("SELECT count(DISTINCT id % 4) FROM range(100)").show())
    out += repr(spark.range(10).tail(3)) + "\n"
    return out


def sql_cte_values(spark):
    q = [
        "WITH t AS (SELECT id, id * 2 AS d FROM range(4)), u(x) AS (SELECT 1) SELECT t.id, d, x FROM t CROSS JOIN u ORDER BY id",
        "SELECT * FROM VALUES (1, 'a'), (2, 'b'), (3, NULL) AS v(k, s) ORDER BY k",
        "VALUES (1, 2.5), (2, 3)",
        "SELECT col1 + 1 FROM VALUES 1, 2, 3",
        "WITH a AS (SELECT id FROM range(3)) SELECT x.id, y.id FROM a x JOIN a y ON x.id = y.id + 1 ORDER BY x.id",
    ]
    return "".join(printed(lambda: spark.sql(x).show()) for x in q)


def sql_commands(spark):
    out = printed(lambda: spark.sql("SET fulgur.test.answer=42").show())
    out += printed(lambda: spark.sql("SET fulgur.test.answer").show())
    out += repr(spark.conf.get("fulgur.test.answer")) + "\n"
    spark.sql("RESET fulgur.test.answer")
    out += repr(spark.conf.get("fulgur.test.answer", "gone")) + "\n"
    spark.sql("CREATE OR REPLACE TEMP VIEW sq AS SELECT id, id * id AS sq FROM range(4)")
    out += printed(lambda: spark.sql("SELECT * FROM sq WHERE sq > 1").show())
    try:
        spark.sql("CREATE TEMPORARY VIEW IF NOT EXISTS sq AS SELECT 1")
        out += "no error\n"
    except Exception as e:  # Spark refuses IF NOT EXISTS on temporary views
        out += type(e).__name__ + "\n"
    out += repr(spark.table("sq").count()) + "\n"
    spark.sql("DROP VIEW sq")
    spark.sql("DROP VIEW IF EXISTS sq")
    return out


def collect(spark):
    df = spark.createDataFrame([(1, "a"), (1, "b"), (1, "a"), (2, None), (2, "c")], "k int, v string")
    out = printed(lambda: df.groupBy("k").agg(F.collect_list("v").alias("l"), F.size(F.collect_set("v")).alias("n"))
                  .orderBy("k").show())
    out += repr(df.agg(F.collect_list("k")).collect()) + "\n"
    out += printed(lambda: df.groupBy("k").agg(F.collect_list("v")).orderBy("k").printSchema())
    return out


def global_select_agg(spark):
    out = printed(lambda: spark.range(10).select(F.sum("id"), F.max("id") + 1).show())
    out += printed(lambda: spark.range(10).selectExpr("count(*)", "avg(id)").show())
    return out


def rollup_cube(spark):
    df = spark.createDataFrame([("eng", "a", 10), ("eng", "b", 20), ("ops", "a", 5), (None, "b", 1)],
                               "dept string, team string, v int")
    out = printed(lambda: df.rollup("dept", "team").agg(F.sum("v").alias("s"), F.grouping("dept").alias("g"))
                  .orderBy("dept", "team", "s").show())
    out += printed(lambda: df.cube("dept").agg(F.count("*"), F.grouping_id()).orderBy("dept", "count(1)").show())
    out += printed(lambda: df.cube("team", "dept").count().orderBy("team", "dept", "count").show())
    return out


def subqueries(spark):
    spark.createDataFrame([(1, "a"), (2, "b"), (3, None)], "k int, v string").createOrReplaceTempView("sq_l")
    spark.createDataFrame([(2,), (3,), (None,)], "k int").createOrReplaceTempView("sq_r")
    out = printed(lambda: spark.sql("SELECT * FROM sq_l WHERE k IN (SELECT k FROM sq_r) ORDER BY k").show())
    out += printed(lambda: spark.sql("SELECT * FROM sq_l WHERE k NOT IN (SELECT k FROM sq_r) ORDER BY k").show())
    out += printed(lambda: spark.sql(
        "SELECT k, (SELECT count(*) FROM sq_r r WHERE r.k >= l.k) AS c FROM sq_l l ORDER BY k").show())
    out += printed(lambda: spark.sql(
        "SELECT * FROM sq_l l WHERE EXISTS (SELECT 1 FROM sq_r r WHERE r.k = l.k + 1) ORDER BY k").show())
    return out


def read_csv_json(spark):
    src = os.path.join(HERE, "..", "..", "..", "datasource", "testdata")
    csv = os.path.join(src, "csv")
    js = os.path.join(src, "json")
    out = ""
    df = spark.read.csv(os.path.join(csv, "basic.csv"), header=True, inferSchema=True)
    out += printed(lambda: df.printSchema()) + printed(lambda: df.orderBy(df.columns[0]).show())
    df = spark.read.option("header", "true").option("mode", "DROPMALFORMED").schema("a INT, b STRING, c DOUBLE") \
        .csv(os.path.join(csv, "malformed.csv"))
    out += printed(lambda: df.show())
    df = spark.read.format("csv").load(os.path.join(csv, "quotes.csv"))
    out += printed(lambda: df.show(truncate=False))
    df = spark.read.json(os.path.join(js, "basic.json"))
    out += printed(lambda: df.printSchema()) + printed(lambda: df.show(truncate=False))
    df = spark.read.option("multiLine", True).json(os.path.join(js, "multiline_array.json"))
    out += printed(lambda: df.printSchema()) + printed(lambda: df.show(truncate=False))
    out += repr(spark.read.json(os.path.join(js, "basic.json")).count()) + "\n"
    return out


def generators_and_multisets(spark):
    df = spark.createDataFrame([(1, [1, 2]), (2, []), (3, None)], "k int, a array<int>")
    out = printed(lambda: df.select("k", F.explode("a")).orderBy("k", "col").show())
    out += printed(lambda: df.select("k", F.explode_outer("a").alias("x")).orderBy("k", "x").show())
    out += printed(lambda: df.select("k", F.posexplode("a").alias("p", "x")).orderBy("k", "p").show())
    out += printed(lambda: df.withColumn("e", F.explode("a")).orderBy("k", "e").show())
    l = spark.createDataFrame([(1,), (1,), (2,), (3,), (None,)], "v int")
    r = spark.createDataFrame([(1,), (2,), (2,), (None,)], "v int")
    out += repr(sorted(l.intersectAll(r).collect(), key=str)) + "\n"
    out += repr(sorted(l.exceptAll(r).collect(), key=str)) + "\n"
    out += repr(sorted(l.subtract(r).collect(), key=str)) + "\n"
    m = spark.createDataFrame([({"a": 1, "b": 2},)], "m map<string,int>")
    out += printed(lambda: m.select(F.explode("m")).orderBy("key").show())
    return out


def reshape_and_sample(spark):
    from pyspark.sql.types import LongType, StringType, StructField, StructType
    df = spark.createDataFrame([(1, 10, 1.5, "a"), (2, 20, None, "b"), (3, None, 3.5, None)],
                               "id int, x int, y double, s string")
    out = printed(lambda: df.unpivot("id", ["x", "y"], "var", "val").show())
    out += printed(lambda: df.select("id", "x", "y").melt(["id"], None, "k", "v").show())
    out += repr(df.na.replace(10, 99).collect()) + "\n"
    out += repr(df.na.replace({"a": "A", "b": None}, subset=["s"]).collect()) + "\n"
    out += repr(df.to(StructType([StructField("s", StringType()), StructField("id", LongType())])).collect()) + "\n"
    out += printed(lambda: df.withWatermark("s", "1 minute").show())
    r = spark.range(1000)
    a, b = r.randomSplit([0.3, 0.7], seed=7)
    out += repr((a.count() + b.count(), a.join(b, "id").count())) + "\n"
    one = r.sample(fraction=0.1, seed=3)
    out += repr((0 < one.count() < 200, one.count() == r.sample(fraction=0.1, seed=3).count())) + "\n"
    return out


def pivots(spark):
    df = spark.createDataFrame([("a", "x", 1), ("a", "y", 2), ("b", "x", 3), ("b", None, 4), ("a", "x", 5)],
                               "k string, p string, v int")
    out = printed(lambda: df.groupBy("k").pivot("p").agg(F.count("v")).orderBy("k").show())
    out += printed(lambda: df.groupBy("k").pivot("p", ["x", "z"]).agg(F.sum("v"), F.count("v").alias("n"))
                   .orderBy("k").show())
    out += printed(lambda: df.groupBy("k").pivot("p").sum("v").printSchema())
    out += printed(lambda: df.groupBy().pivot("p").agg(F.max("v")).show())
    out += printed(lambda: df.groupBy("k").pivot("p").agg(F.first("v"), F.avg("v")).orderBy("k").show())
    out += printed(lambda: df.groupBy("p").pivot("k", ["a", "b"]).agg(F.collect_list("v")).orderBy("p").show())
    return out


def html_repr(spark):
    spark.conf.set("spark.sql.repl.eagerEval.enabled", "true")
    try:
        df = spark.createDataFrame([(1, '<b>&"x"</b>'), (2, "a very long string that is truncated here"), (3, None)],
                                   "id int, s string")
        return df._repr_html_() + df.limit(1)._repr_html_()
    finally:
        spark.conf.unset("spark.sql.repl.eagerEval.enabled")


def crosstab(spark):
    df = spark.createDataFrame([(1, "x"), (1, "y"), (2, "x"), (2, "x"), (None, "y"), (3, None)], "a int, b string")
    ct = df.stat.crosstab("a", "b")
    return printed(lambda: ct.printSchema()) + printed(lambda: ct.orderBy("a_b").show())


def writes(spark):
    import re
    import shutil
    import tempfile

    def err(fn):
        try:
            fn()
            return "no error\n"
        except Exception as e:  # noqa: BLE001 - the class is the result
            m = re.search(r"\[([A-Z_.]+)\]", str(e))
            return (m.group(1) if m else type(e).__name__) + "\n"

    d = tempfile.mkdtemp()
    out = ""
    try:
        df = spark.createDataFrame([(1, "a", 1.5), (2, "b", None), (3, None, 2.5)], "id int, s string, x double")
        for fmt in ["parquet", "json", "csv"]:
            p = os.path.join(d, fmt)
            df.write.format(fmt).save(p)
            back = spark.read.format(fmt).schema(df.schema).load(p)
            out += fmt + " " + repr(sorted(back.collect(), key=str)) + "\n"
            out += err(lambda: df.write.format(fmt).save(p))
            df.write.mode("append").format(fmt).save(p)
            out += "append %d\n" % spark.read.format(fmt).schema(df.schema).load(p).count()
            df.write.mode("overwrite").format(fmt).save(p)
            out += "overwrite %d\n" % spark.read.format(fmt).schema(df.schema).load(p).count()
            df.write.mode("ignore").format(fmt).save(p)
            out += "ignore %d\n" % spark.read.format(fmt).schema(df.schema).load(p).count()
        p = os.path.join(d, "part")
        df.write.partitionBy("s").parquet(p)
        out += repr(sorted(n for n in os.listdir(p) if not n.startswith("."))) + "\n"
        out += printed(lambda: spark.read.parquet(p).orderBy("id").show())
        df.write.saveAsTable("writes_t1")
        out += repr((spark.table("writes_t1").count(), spark.sql("SELECT sum(id) FROM writes_t1").collect())) + "\n"
        df.write.mode("append").saveAsTable("writes_t1")
        df.select("id", "s", "x").write.insertInto("writes_t1")
        out += repr(spark.table("writes_t1").count()) + "\n"
        df.write.mode("overwrite").saveAsTable("writes_t1")
        out += repr(spark.table("writes_t1").count()) + "\n"
        spark.sql("CREATE TABLE writes_t2 USING parquet AS SELECT id, s FROM writes_t1 WHERE id > 1")
        spark.sql("INSERT INTO writes_t2 VALUES (9, 'z')")
        out += repr(sorted(spark.table("writes_t2").collect(), key=str)) + "\n"
        spark.sql("INSERT OVERWRITE writes_t2 SELECT 1, 'q'")
        out += repr(spark.table("writes_t2").collect()) + "\n"
        out += err(lambda: df.write.saveAsTable("writes_t2"))
        out += err(lambda: df.write.insertInto("writes_missing"))
    finally:
        spark.sql("DROP TABLE IF EXISTS writes_t1")
        spark.sql("DROP TABLE IF EXISTS writes_t2")
        shutil.rmtree(d)
    return out


def catalog_api(spark):
    out = repr((spark.catalog.currentDatabase(), spark.catalog.currentCatalog())) + "\n"
    spark.sql("CREATE DATABASE catdb COMMENT 'c'")
    try:
        out += repr(sorted(d.name for d in spark.catalog.listDatabases() if d.name in ("catdb", "default"))) + "\n"
        spark.catalog.setCurrentDatabase("catdb")
        spark.sql("CREATE TABLE ct (a INT, b STRING) USING parquet PARTITIONED BY (b)")
        spark.range(3).createOrReplaceTempView("cat_tv")
        out += repr(sorted((t.name, t.namespace, t.tableType, t.isTemporary) for t in spark.catalog.listTables()
                           if t.name in ("ct", "cat_tv"))) + "\n"
        out += repr((spark.catalog.tableExists("ct"), spark.catalog.tableExists("nope"), spark.catalog.tableExists("cat_tv"),
                     spark.catalog.databaseExists("catdb"), spark.catalog.databaseExists("zzz"))) + "\n"
        out += repr([(c.name, c.dataType, c.nullable, c.isPartition) for c in spark.catalog.listColumns("ct")]) + "\n"
        out += repr((spark.catalog.dropTempView("cat_tv"), spark.catalog.dropTempView("cat_tv"))) + "\n"
    finally:
        spark.catalog.setCurrentDatabase("default")
        out += repr((spark.catalog.currentDatabase(), spark.catalog.tableExists("catdb.ct"))) + "\n"
        spark.sql("DROP DATABASE catdb CASCADE")
    return out


SCENARIOS = [
    overview_show, range_count, range_collect, simpleapp, filter_select, show_variants, print_schema,
    expressions_show, limit_count, group_count, sql_select_1, sql_range, sql_casts, sql_params, temp_view_sql, parquet_read, joins, set_operations, when_coalesce, sql_joins_case, functions_misc, decimals, windows, na_and_dedup, describe, dates, distinct_and_tail, sql_cte_values, sql_commands, collect, global_select_agg,
    rollup_cube, subqueries, read_csv_json, generators_and_multisets,
    reshape_and_sample, pivots, html_repr, crosstab, writes, catalog_api,
]

// Tests of server/sqlite_db: statements, pooling, transactions, logging, error mapping.
#include "server/sqlite_db.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;
using test::TempDir;

std::unique_ptr<SqliteDb> memory_db(SqlLogger log = {}) {
  auto db = must(SqliteDb::open(":memory:", std::move(log)));
  BOOST_REQUIRE(db->exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, b BLOB)").is_ok());
  return db;
}

int64_t count_rows(SqliteDb& db) {
  SqliteStmt st = db.prepare("SELECT count(*) FROM t");
  BOOST_REQUIRE(must(st.step()));
  return st.int_at(0);
}

BOOST_AUTO_TEST_SUITE(sqlite_db)

BOOST_AUTO_TEST_CASE(binds_and_reads_every_type) {
  auto db = memory_db();
  Key key = sha1_key("/x");
  BOOST_TEST(db->prepare("INSERT INTO t(k, v, b) VALUES (?1, ?2, ?3)").bind(1, int64_t{-7}).bind(2, "text").bind(3, key).run().is_ok());
  BOOST_TEST(db->last_insert_rowid() == -7);
  SqliteStmt st = db->prepare("SELECT k, v, b FROM t");
  BOOST_TEST(must(st.step()));
  BOOST_TEST(st.int_at(0) == -7);
  BOOST_TEST(st.text_at(1) == "text");
  BOOST_TEST(st.key_at(2) == key);
  BOOST_TEST(st.blob_at(2).size() == Key::kSize);
  BOOST_TEST(!must(st.step()));
}

BOOST_AUTO_TEST_CASE(empty_blob_is_not_null) {
  auto db = memory_db();
  BOOST_TEST(db->prepare("INSERT INTO t(k, b) VALUES (1, ?1)").bind_blob(1, nullptr, 0).run().is_ok());
  SqliteStmt st = db->prepare("SELECT b IS NULL, length(b) FROM t");
  BOOST_REQUIRE(must(st.step()));
  BOOST_TEST(st.int_at(0) == 0);
  BOOST_TEST(st.int_at(1) == 0);
}

BOOST_AUTO_TEST_CASE(reused_statement_has_no_stale_bindings) {
  auto db = memory_db();
  const char* insert = "INSERT INTO t(k, v) VALUES (?1, ?2)";
  BOOST_TEST(db->prepare(insert).bind(1, int64_t{1}).bind(2, "one").run().is_ok());
  // Second use binds only ?1: ?2 must be NULL again, not "one".
  BOOST_TEST(db->prepare(insert).bind(1, int64_t{2}).run().is_ok());
  SqliteStmt st = db->prepare("SELECT v IS NULL FROM t WHERE k = 2");
  BOOST_REQUIRE(must(st.step()));
  BOOST_TEST(st.int_at(0) == 1);
}

BOOST_AUTO_TEST_CASE(unfinished_select_is_reset_when_dropped) {
  auto db = memory_db();
  for (int64_t k = 1; k <= 3; ++k) BOOST_REQUIRE(db->prepare("INSERT INTO t(k) VALUES (?1)").bind(1, k).run().is_ok());
  const char* select = "SELECT k FROM t ORDER BY k";
  {
    SqliteStmt st = db->prepare(select);
    BOOST_REQUIRE(must(st.step()));
    BOOST_TEST(st.int_at(0) == 1);
  }
  SqliteStmt again = db->prepare(select);
  BOOST_REQUIRE(must(again.step()));
  BOOST_TEST(again.int_at(0) == 1);  // starts over, not at row 2
}

BOOST_AUTO_TEST_CASE(nested_use_of_one_sql_gets_two_statements) {
  auto db = memory_db();
  for (int64_t k = 1; k <= 2; ++k) BOOST_REQUIRE(db->prepare("INSERT INTO t(k) VALUES (?1)").bind(1, k).run().is_ok());
  const char* select = "SELECT k FROM t WHERE k >= ?1 ORDER BY k";
  SqliteStmt outer = db->prepare(select);
  outer.bind(1, int64_t{1});
  BOOST_REQUIRE(must(outer.step()));
  SqliteStmt inner = db->prepare(select);
  inner.bind(1, int64_t{2});
  BOOST_REQUIRE(must(inner.step()));
  BOOST_TEST(inner.int_at(0) == 2);
  BOOST_REQUIRE(must(outer.step()));
  BOOST_TEST(outer.int_at(0) == 2);
}

BOOST_AUTO_TEST_CASE(bad_sql_fails_at_step) {
  auto db = memory_db();
  SqliteStmt st = db->prepare("SELEKT nothing");
  st.bind(1, int64_t{1});  // ignored after the failure
  Result<bool> row = st.step();
  BOOST_TEST(row.code() == Errc::Io);
  BOOST_TEST(row.status().message().find("SELEKT") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(constraint_violation_is_exists) {
  auto db = memory_db();
  BOOST_REQUIRE(db->prepare("INSERT INTO t(k) VALUES (1)").run().is_ok());
  BOOST_TEST(db->prepare("INSERT INTO t(k) VALUES (1)").run().code() == Errc::Exists);
}

BOOST_AUTO_TEST_CASE(bind_out_of_range_sticks) {
  auto db = memory_db();
  Status s = db->prepare("INSERT INTO t(k) VALUES (?1)").bind(1, int64_t{1}).bind(5, int64_t{2}).run();
  BOOST_TEST(s.code() == Errc::Io);
  BOOST_TEST(count_rows(*db) == 0);
}

BOOST_AUTO_TEST_CASE(transaction_rolls_back_unless_committed) {
  auto db = memory_db();
  {
    SqliteTxn txn = must(SqliteTxn::begin(*db, SqliteTxn::Mode::Immediate));
    BOOST_REQUIRE(db->prepare("INSERT INTO t(k) VALUES (1)").run().is_ok());
    BOOST_TEST(count_rows(*db) == 1);
  }
  BOOST_TEST(count_rows(*db) == 0);
  {
    SqliteTxn txn = must(SqliteTxn::begin(*db, SqliteTxn::Mode::Deferred));
    BOOST_REQUIRE(db->prepare("INSERT INTO t(k) VALUES (2)").run().is_ok());
    BOOST_TEST(txn.commit().is_ok());
  }
  BOOST_TEST(count_rows(*db) == 1);
}

BOOST_AUTO_TEST_CASE(moved_transaction_rolls_back_once) {
  auto db = memory_db();
  {
    SqliteTxn first = must(SqliteTxn::begin(*db, SqliteTxn::Mode::Immediate));
    SqliteTxn second(std::move(first));
    BOOST_REQUIRE(db->prepare("INSERT INTO t(k) VALUES (1)").run().is_ok());
  }
  BOOST_TEST(count_rows(*db) == 0);
  // The connection is usable: no transaction was left open.
  SqliteTxn again = must(SqliteTxn::begin(*db, SqliteTxn::Mode::Immediate));
  BOOST_TEST(again.commit().is_ok());
}

BOOST_AUTO_TEST_CASE(logger_sees_statements_with_values) {
  std::vector<std::string> seen;
  auto db = memory_db([&](std::string_view sql) { seen.emplace_back(sql); });
  BOOST_REQUIRE(db->prepare("INSERT INTO t(k, v) VALUES (?1, ?2)").bind(1, int64_t{42}).bind(2, "hello").run().is_ok());
  BOOST_REQUIRE(!seen.empty());
  BOOST_TEST(seen.back() == "INSERT INTO t(k, v) VALUES (42, 'hello')");
}

BOOST_AUTO_TEST_CASE(exec_runs_a_script_with_comments) {
  auto db = memory_db();
  BOOST_TEST(db->exec("-- a comment\nINSERT INTO t(k) VALUES (1);\n\nINSERT INTO t(k) VALUES (2); -- tail\n").is_ok());
  BOOST_TEST(count_rows(*db) == 2);
  BOOST_TEST(db->changes() == 1);
  BOOST_TEST(db->exec("INSERT INTO t(k) VALUES (3); BROKEN;").code() == Errc::Io);
}

BOOST_AUTO_TEST_CASE(file_database_persists) {
  TempDir dir;
  std::string path = dir / "x.db";
  {
    auto db = must(SqliteDb::open(path));
    BOOST_REQUIRE(db->exec("CREATE TABLE t (k INTEGER); INSERT INTO t VALUES (5);").is_ok());
  }
  auto db = must(SqliteDb::open(path));
  SqliteStmt st = db->prepare("SELECT k FROM t");
  BOOST_REQUIRE(must(st.step()));
  BOOST_TEST(st.int_at(0) == 5);
}

BOOST_AUTO_TEST_CASE(unopenable_path_is_io) {
  BOOST_TEST(SqliteDb::open("/nonexistent-dir/sub/x.db").code() == Errc::Io);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server

// The controller's command line as an operator or a script runs it.
#include "database.h"
#include "testhall.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

using qh::test::binaryPath;
using qh::test::smallHallVariant;
using qh::test::sourcePath;

namespace {

struct Run
{
    int exitCode;
    QString out;
    QString err;
};

Run controller(const QStringList& args)
{
    QProcess p;
    p.start(binaryPath(QStringLiteral("queuehall-controller")), args);
    REQUIRE(p.waitForFinished(30'000));
    REQUIRE(p.exitStatus() == QProcess::NormalExit);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Runs a command against the database at a fixed Wednesday morning.
Run at(const QString& db, QStringList args)
{
    args.prepend(QStringLiteral("2026-11-25T10:00:00+08:00"));
    args.prepend(QStringLiteral("--at"));
    args.prepend(db);
    args.prepend(QStringLiteral("--db"));
    return controller(args);
}

QJsonObject json(const QString& text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    INFO(text.toStdString());
    REQUIRE(error.error == QJsonParseError::NoError);
    return doc.object();
}

// `init` of a hall file into a new database.
Run init(const QString& hallFile, const QString& db)
{
    return controller(
        {QStringLiteral("init"), QStringLiteral("--hall"), hallFile, QStringLiteral("--db"), db});
}

// A database in dir with the small hall loaded through `init`.
QString initSmallHall(const QTemporaryDir& dir)
{
    const QString db = dir.filePath(QStringLiteral("q.db"));
    const Run initialised = init(sourcePath(QStringLiteral("tests/data/small-hall.json")), db);
    REQUIRE(initialised.exitCode == 0);
    return db;
}

} // namespace

TEST_CASE("init loads the sample hall once")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("q.db"));
    const Run first = init(sourcePath(QStringLiteral("assets/halls/shizhong.json")), db);
    CHECK(first.exitCode == 0);
    CHECK(first.out.contains(QStringLiteral("27 departments, 217 services, 69 windows")));
    const Run again = init(sourcePath(QStringLiteral("assets/halls/shizhong.json")), db);
    CHECK(again.exitCode == 3);
    CHECK(again.err.contains(QStringLiteral("already holds a hall")));
}

TEST_CASE("init with an inconsistent hall file writes nothing and says what is wrong")
{
    QTemporaryDir dir;
    const QString hallFile = smallHallVariant(dir, "\"prefix\": \"B\"", "\"prefix\": \"A\"");
    const QString db = dir.filePath(QStringLiteral("q.db"));
    const Run r = controller(
        {QStringLiteral("init"), QStringLiteral("--hall"), hallFile, QStringLiteral("--db"), db});
    CHECK(r.exitCode == 3);
    CHECK(r.err.contains(QStringLiteral("departments[1].prefix: duplicate prefix 'A'")));
    CHECK_FALSE(QFile::exists(db));
}

TEST_CASE("a morning at one window through the command line")
{
    QTemporaryDir dir;
    const QString db = initSmallHall(dir);

    const Run issued = at(db, {QStringLiteral("--json"), QStringLiteral("ticket"),
                               QStringLiteral("issue"), QStringLiteral("invoice"),
                               QStringLiteral("--phone"), QStringLiteral("13800000000")});
    REQUIRE(issued.exitCode == 0);
    const QJsonObject ticket = json(issued.out);
    CHECK(ticket.value(QStringLiteral("number")).toString() == QStringLiteral("B001"));
    CHECK(ticket.value(QStringLiteral("state")).toString() == QStringLiteral("issuing"));
    CHECK(ticket.value(QStringLiteral("serviceName"))
              .toObject()
              .value(QStringLiteral("zh"))
              .toString() == QStringLiteral("增值税发票代开"));
    const QString id = QString::number(ticket.value(QStringLiteral("id")).toInt());

    const Run confirmed = at(db, {QStringLiteral("ticket"), QStringLiteral("confirm"), id});
    CHECK(confirmed.exitCode == 0);
    CHECK(confirmed.out.contains(QStringLiteral("B001 (id 1) 增值税发票代开 invoice [waiting]")));

    const Run called =
        at(db, {QStringLiteral("window"), QStringLiteral("call-next"), QStringLiteral("3")});
    CHECK(called.out.contains(QStringLiteral("[called] at window 3")));
    CHECK(
        at(db, {QStringLiteral("window"), QStringLiteral("start"), QStringLiteral("3")}).exitCode ==
        0);

    const Run status =
        at(db, {QStringLiteral("--json"), QStringLiteral("hall"), QStringLiteral("status")});
    const QJsonObject s = json(status.out);
    CHECK(s.value(QStringLiteral("issuingOpen")).toBool());
    CHECK(s.value(QStringLiteral("today")).toObject().value(QStringLiteral("serving")).toInt() ==
          1);

    CHECK(at(db, {QStringLiteral("window"), QStringLiteral("complete"), QStringLiteral("3")})
              .exitCode == 0);
    const Run none =
        at(db, {QStringLiteral("window"), QStringLiteral("call-next"), QStringLiteral("3")});
    CHECK(none.exitCode == 0);
    CHECK(none.out.trimmed() == QStringLiteral("window 3 has no ticket waiting"));

    // The hall, its 2026 calendar, an issue, its confirmation, a call, a start, a completion.
    const Run audit = at(db, {QStringLiteral("audit"), QStringLiteral("verify")});
    CHECK(audit.exitCode == 0);
    CHECK(audit.out.trimmed() == QStringLiteral("audit trail intact: 7 events verified"));
}

TEST_CASE("a refused operation prints one clear line and exits non-zero")
{
    QTemporaryDir dir;
    const QString db = initSmallHall(dir);
    const Run unknownWindow =
        at(db, {QStringLiteral("window"), QStringLiteral("start"), QStringLiteral("99")});
    CHECK(unknownWindow.exitCode == 1);
    CHECK(unknownWindow.err == QStringLiteral("error: unknown window 99\n"));
    CHECK(unknownWindow.out.isEmpty());

    const Run jsonRefusal = at(db, {QStringLiteral("--json"), QStringLiteral("window"),
                                    QStringLiteral("complete"), QStringLiteral("1")});
    CHECK(jsonRefusal.exitCode == 1);
    const QJsonObject error = json(jsonRefusal.err).value(QStringLiteral("error")).toObject();
    CHECK(error.value(QStringLiteral("code")).toString() == QStringLiteral("wrong_state"));
    CHECK(error.value(QStringLiteral("message")).toString() ==
          QStringLiteral("window 1 has no current ticket"));

    const Run closed =
        controller({QStringLiteral("--db"), db, QStringLiteral("--at"),
                    QStringLiteral("2026-11-28T10:00:00+08:00"), QStringLiteral("ticket"),
                    QStringLiteral("issue"), QStringLiteral("invoice")});
    CHECK(closed.exitCode == 1);
    CHECK(closed.err == QStringLiteral("error: the hall is closed today\n"));

    const Run usage =
        at(db, {QStringLiteral("window"), QStringLiteral("call-next"), QStringLiteral("three")});
    CHECK(usage.exitCode == 2);
    CHECK(usage.err.startsWith(
        QStringLiteral("error: window number must be a number, got 'three'\n")));

    const Run missing = controller({QStringLiteral("--db"), dir.filePath(QStringLiteral("none.db")),
                                    QStringLiteral("hall"), QStringLiteral("status")});
    CHECK(missing.exitCode == 3);
    CHECK(missing.err.contains(
        QStringLiteral("does not exist; run 'queuehall-controller init' first")));
    CHECK_FALSE(QFile::exists(dir.filePath(QStringLiteral("none.db"))));
}

TEST_CASE("audit verify reports an edited event and exits non-zero")
{
    QTemporaryDir dir;
    const QString db = initSmallHall(dir);
    at(db, {QStringLiteral("ticket"), QStringLiteral("issue"), QStringLiteral("invoice")});
    {
        qh::db::Database database(db);
        database.execScript(
            QStringLiteral("DROP TRIGGER events_no_update; "
                           "UPDATE events SET actor = 'someone else' WHERE seq = 2;"));
    }
    const Run audit = at(db, {QStringLiteral("audit"), QStringLiteral("verify")});
    CHECK(audit.exitCode == 1);
    CHECK(audit.out.contains(QStringLiteral("audit trail TAMPERED: 1 problem(s) in 3 events")));
    CHECK(audit.out.contains(QStringLiteral("event 2 was altered after it was written")));
}

TEST_CASE("a database from a newer queuehall is refused")
{
    QTemporaryDir dir;
    const QString db = initSmallHall(dir);
    {
        qh::db::Database database(db);
        database.execScript(
            QStringLiteral("INSERT INTO schema_migrations VALUES (42, 'x', 'later')"));
    }
    const Run r = at(db, {QStringLiteral("hall"), QStringLiteral("status")});
    CHECK(r.exitCode == 3);
    CHECK(r.err.contains(
        QStringLiteral("database schema version 42 is newer than this program knows")));
}

TEST_CASE("the config file supplies settings, flags win, and an unknown setting is refused")
{
    QTemporaryDir dir;
    const QString db = initSmallHall(dir);
    const auto writeConfig = [&](const QByteArray& text) {
        QFile f(dir.filePath(QStringLiteral("controller.json")));
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write(text);
        return f.fileName();
    };
    const QString config = writeConfig("{\"database\": \"" + db.toUtf8() + "\", \"port\": 9999}");
    const Run status = controller({QStringLiteral("--config"), config, QStringLiteral("--json"),
                                   QStringLiteral("hall"), QStringLiteral("status")});
    CHECK(status.exitCode == 0);
    CHECK(json(status.out)
              .value(QStringLiteral("hall"))
              .toObject()
              .value(QStringLiteral("zh"))
              .toString() == QStringLiteral("测试大厅"));
    const Run flagWins = controller({QStringLiteral("--config"), config, QStringLiteral("--db"),
                                     dir.filePath(QStringLiteral("other.db")),
                                     QStringLiteral("hall"), QStringLiteral("status")});
    CHECK(flagWins.exitCode == 3);
    CHECK(flagWins.err.contains(QStringLiteral("other.db does not exist")));
    const Run unknown = controller({QStringLiteral("--config"), writeConfig("{\"databse\": \"x\"}"),
                                    QStringLiteral("hall"), QStringLiteral("status")});
    CHECK(unknown.exitCode == 3);
    CHECK(unknown.err.contains(QStringLiteral("unknown setting 'databse'")));
}

TEST_CASE("device tokens are shown once and kept only as hashes")
{
    QTemporaryDir dir;
    const QString db = initSmallHall(dir);
    const Run added =
        controller({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("device"),
                    QStringLiteral("add"), QStringLiteral("--role"), QStringLiteral("caller"),
                    QStringLiteral("--window"), QStringLiteral("2")});
    REQUIRE(added.exitCode == 0);
    const QString token = json(added.out).value(QStringLiteral("token")).toString();
    CHECK(token.startsWith(QStringLiteral("qh_")));
    CHECK(token.size() == 35);
    const Run list =
        controller({QStringLiteral("--db"), db, QStringLiteral("device"), QStringLiteral("list")});
    CHECK(list.out.contains(QStringLiteral("caller 2  window 2")));
    CHECK_FALSE(list.out.contains(token));
    {
        qh::db::Database database(db);
        auto q = database.prepare("SELECT count(*) FROM devices WHERE token_hash LIKE ?");
        q.bind(1, QStringLiteral("%") + token + QStringLiteral("%"));
        REQUIRE(q.step());
        CHECK(q.integer(0) == 0);
    }
    const Run noWindow =
        controller({QStringLiteral("--db"), db, QStringLiteral("device"), QStringLiteral("add"),
                    QStringLiteral("--role"), QStringLiteral("caller")});
    CHECK(noWindow.exitCode == 1);
    CHECK(noWindow.err.contains(QStringLiteral("window: a caller needs its window (--window)")));
    const Run badRole =
        controller({QStringLiteral("--db"), db, QStringLiteral("device"), QStringLiteral("add"),
                    QStringLiteral("--role"), QStringLiteral("boss")});
    CHECK(badRole.exitCode == 1);
    CHECK(badRole.err.contains(QStringLiteral("role: one of kiosk, caller, display, admin")));
    CHECK(controller({QStringLiteral("--db"), db, QStringLiteral("device"),
                      QStringLiteral("revoke"), QStringLiteral("1")})
              .exitCode == 0);
    const Run twice = controller({QStringLiteral("--db"), db, QStringLiteral("device"),
                                  QStringLiteral("revoke"), QStringLiteral("1")});
    CHECK(twice.exitCode == 1);
    CHECK(twice.err.contains(QStringLiteral("already revoked")));
    CHECK(
        controller({QStringLiteral("--db"), db, QStringLiteral("audit"), QStringLiteral("verify")})
            .exitCode == 0);
}

TEST_CASE("init loads the shipped working calendar and calendar import adds a year or says why not")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("q.db"));
    const Run initialised = init(sourcePath(QStringLiteral("tests/data/small-hall.json")), db);
    REQUIRE(initialised.exitCode == 0);
    CHECK(initialised.out.contains(QStringLiteral("Working calendar: 2026")));
    const QJsonObject shown = json(
        at(db, {QStringLiteral("--json"), QStringLiteral("calendar"), QStringLiteral("show")}).out);
    REQUIRE(shown.value(QStringLiteral("years")).toArray().size() == 1);
    CHECK(shown.value(QStringLiteral("years"))[0][QStringLiteral("holidays")].toArray().size() ==
          7);
    // National Day: the hall is closed, and says why.
    const Run nationalDay = controller({QStringLiteral("--db"), db, QStringLiteral("--at"),
                                        QStringLiteral("2026-10-01T10:00:00+08:00"),
                                        QStringLiteral("hall"), QStringLiteral("status")});
    CHECK(nationalDay.out.contains(
        QStringLiteral("Issuing: closed, the hall is closed today: National Day")));

    QFile bad(dir.filePath(QStringLiteral("bad.json")));
    REQUIRE(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"format": "queuehall-calendar/1", "year": 2027, "source": "x",
                 "workdays": ["2027-01-06"]})");
    bad.close();
    const Run refused =
        at(db, {QStringLiteral("calendar"), QStringLiteral("import"), bad.fileName()});
    CHECK(refused.exitCode != 0);
    CHECK(refused.err.contains(QStringLiteral("2027-01-06 is a weekday")));
    CHECK(at(db, {QStringLiteral("calendar"), QStringLiteral("show")})
              .out.contains(QStringLiteral("2027")) == false);

    QFile good(dir.filePath(QStringLiteral("cn-2027.json")));
    REQUIRE(good.open(QIODevice::WriteOnly));
    good.write(R"({"format": "queuehall-calendar/1", "year": 2027, "source": "test notice",
                  "holidays": [{"name": {"zh": "元旦", "en": "New Year's Day"}, "from": "2027-01-01", "to": "2027-01-01"}]})");
    good.close();
    const Run imported =
        at(db, {QStringLiteral("calendar"), QStringLiteral("import"), good.fileName()});
    CHECK(imported.exitCode == 0);
    CHECK(imported.out.contains(QStringLiteral("Imported 2027: 1 holidays")));
    const Run show = at(db, {QStringLiteral("calendar"), QStringLiteral("show")});
    CHECK(show.out.contains(QStringLiteral("2027-01-01 .. 2027-01-01  元旦 New Year's Day")));
}

TEST_CASE(
    "cases through the command line: accept with the password shown once, steps, lists and rates")
{
    QTemporaryDir dir;
    const QString db = initSmallHall(dir);
    const auto run = [&](const char* line) {
        return at(db, QString::fromUtf8(line).split(QLatin1Char(' ')));
    };
    run("ticket issue invoice");
    run("ticket confirm 1");
    run("window call-next 3");
    CHECK(run("case accept 3").err.contains(QStringLiteral("serving no ticket")));
    run("window start 3");
    const Run accepted = run("case accept 3");
    REQUIRE(accepted.exitCode == 0);
    CHECK(accepted.out.startsWith(QStringLiteral(
        "SMALL-20261125-000001 增值税发票代开 [accepted] window 3, due 2026-11-25")));
    CHECK(accepted.out.contains(QStringLiteral("password (shown only now): ")));
    const QJsonObject second = json(run("--json case accept 3").out);
    CHECK(second.value(QStringLiteral("password")).toString().size() == 6);
    CHECK_FALSE(run("case show SMALL-20261125-000001").out.contains(QStringLiteral("password")));

    const Run refused = run("case complete SMALL-20261125-000001 --result not_approved");
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.contains(QStringLiteral("a reason is required when a case is not approved")));
    CHECK(run("case complete SMALL-20261125-000001 --result approved").exitCode == 0);
    CHECK(run("case complete SMALL-20261125-000001 --result yes").exitCode == 2);
    CHECK(run("case return SMALL-20261125-000002 --reason 材料不属实").exitCode == 0);
    const Run shown = run("case show SMALL-20261125-000002");
    CHECK(shown.out.contains(QStringLiteral("[returned]")));
    CHECK(shown.out.contains(QStringLiteral("case.returned  cli: 材料不属实")));

    const QJsonObject rates = json(run("--json case rates").out);
    const QJsonObject total = rates.value(QStringLiteral("groups")).toArray().at(0).toObject();
    CHECK(total.value(QStringLiteral("accepted")).toInt() == 2);
    CHECK(total.value(QStringLiteral("returned")).toInt() == 1);
    CHECK(total.value(QStringLiteral("sameDayRate")).toDouble() == 1.0);
    CHECK(run("case list").out == QStringLiteral("no cases\n"));
    run("ticket issue invoice");
    run("ticket confirm 2");
    run("window call-next 3");
    run("window start 3");
    const QString third =
        json(run("--json case accept 3").out).value(QStringLiteral("serial")).toString();
    CHECK(run("case list --window 3").out.startsWith(third));
    CHECK(run("case list --window 1").out == QStringLiteral("no cases\n"));
    CHECK(json(run("--json --at 2026-11-26T10:00:00+08:00 case list --overdue --window 3").out)
              .value(QStringLiteral("cases"))
              .toArray()
              .size() == 1);
    CHECK(run("case rates --from 2026-11-30 --to 2026-11-01").exitCode == 2);
    const Run audit = run("audit verify");
    CHECK(audit.out.contains(QStringLiteral("audit trail intact")));
}

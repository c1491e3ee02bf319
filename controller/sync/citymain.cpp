// queuehall-city: the city's side of the halls' link: the central schema, the halls' state, the
// city's report, resuming a stopped hall, and checking a hall's copy against its database.
#include "citylink.h"
#include "cityreport.h"
#include "hallconfig.h"
#include "trail.h"

#include <cstdio>
#include <memory>

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

using namespace Qt::Literals::StringLiterals;
using namespace qh;

namespace {

enum ExitCode { kOk = 0, kProblem = 1, kUsageError = 2, kLinkError = 3 };

const QString kUsage = uR"(usage: queuehall-city [--config FILE] [--conninfo STRING] COMMAND

  migrate              bring the city database's schema up to this version
  status               every hall: its epoch, the last event held and when, whether its ingest
                       is stopped; and the open alarms
  report --from DAY --to DAY [--as-of DAY] [--format text|csv|html] [--output FILE]
                       the city's figures per hall (open cases judged overdue on --as-of, default
                       today)
  resume HALL          let a stopped hall's events in again, once its trail is put right; its
                       alarms are marked cleared
  verify HALL DATABASE compare the city's copy of the hall's trail with the hall's database, event
                       by event; exit 1 when they differ

The connection comes from --conninfo, or the config file (default /etc/queuehall/city.json):
{"conninfo": "host=... dbname=... user=... sslmode=verify-full", "passwordFile": "..."}.
)"_s;

class UsageError : public std::runtime_error
{
public:
    explicit UsageError(const QString& message)
        : std::runtime_error(message.toStdString())
    {
    }
};

QDate day(const QCommandLineParser& options, const QString& name, const QDate& fallback = {})
{
    if (!options.isSet(name)) {
        if (fallback.isValid())
            return fallback;
        throw UsageError(u"--%1 DAY is needed (YYYY-MM-DD)"_s.arg(name));
    }
    const QDate d = QDate::fromString(options.value(name), Qt::ISODate);
    if (!d.isValid())
        throw UsageError(
            u"--%1 must be a day as YYYY-MM-DD, got '%2'"_s.arg(name, options.value(name)));
    return d;
}

sync::CitySettings settingsFrom(const QCommandLineParser& options)
{
    if (options.isSet(u"conninfo"_s))
        return sync::citySettings({{u"conninfo"_s, options.value(u"conninfo"_s)}}, u"--conninfo"_s);
    const QString path = options.value(u"config"_s);
    if (!QFileInfo::exists(path))
        throw UsageError(u"no connection: give --conninfo, or write %1"_s.arg(path));
    return sync::citySettings(db::readJsonObject(path), path);
}

int status(sync::PgConnection& pg, QTextStream& out)
{
    const sync::PgRows halls =
        pg.exec(u"SELECT h.hall_id, h.name_zh, s.epoch, s.last_seq, "
                "to_char(s.received AT TIME ZONE h.time_zone, 'YYYY-MM-DD HH24:MI:SS'), "
                "coalesce(h.stopped, '') FROM halls h LEFT JOIN streams s ON s.id = h.stream "
                "ORDER BY h.hall_id"_s);
    for (const QStringList& h : halls) {
        out << u"%1 %2: epoch %3, events to %4, last batch %5%6\n"_s.arg(
            h[0], h[1], h[2].left(8), h[3], h[4].isEmpty() ? u"never"_s : h[4],
            h[5].isEmpty() ? QString() : u"; STOPPED: "_s + h[5]);
    }
    const sync::PgRows alarms =
        pg.exec(u"SELECT hall_id, epoch, seq, problem, to_char(raised, 'YYYY-MM-DD HH24:MI:SS') "
                "FROM alarms WHERE cleared IS NULL ORDER BY id"_s);
    for (const QStringList& a : alarms)
        out << u"ALARM %1 (epoch %2, event %3) at %4: %5\n"_s.arg(a[0], a[1].left(8), a[2], a[4],
                                                                  a[3]);
    out << u"%1 halls, %2 open alarms\n"_s.arg(halls.size()).arg(alarms.size());
    return alarms.empty() ? kOk : kProblem;
}

int resume(sync::PgConnection& pg, const QString& hall, QTextStream& out)
{
    sync::PgTransaction transaction(pg);
    const sync::PgRows rows =
        pg.exec(u"UPDATE halls SET stopped = NULL WHERE hall_id = $1 RETURNING hall_id"_s, {hall});
    if (rows.empty())
        throw UsageError(u"the city has no hall '%1'"_s.arg(hall));
    pg.exec(u"UPDATE alarms SET cleared = now() WHERE hall_id = $1 AND cleared IS NULL"_s, {hall});
    transaction.commit();
    out << u"%1: ingest resumed\n"_s.arg(hall);
    return kOk;
}

// The city's copy (its current lineage) against the hall's events, by number and hash.
int verify(sync::PgConnection& pg, const QString& hall, const QString& database, QTextStream& out)
{
    if (!QFileInfo::exists(database))
        throw UsageError(u"no hall database %1"_s.arg(database));
    db::Database hallDb(database, db::Database::Mode::ReadOnly);
    const sync::PgRows central = pg.exec(u"SELECT seq, hash FROM trail($1)"_s, {hall});
    std::size_t at = 0;
    std::int64_t after = 0;
    int problems = 0;
    for (;;) {
        const std::vector<db::TrailEvent> local = db::readTrail(hallDb, after, 5000);
        if (local.empty())
            break;
        for (const db::TrailEvent& e : local) {
            if (at >= central.size())
                break;
            const QStringList& c = central[at++];
            if (c[0].toLongLong() != e.seq || c[1].toLatin1() != e.hash) {
                if (++problems <= 10)
                    out << u"event %1: the city holds event %2 with hash %3, the hall %4\n"_s.arg(
                        QString::number(e.seq), c[0], c[1].left(12),
                        QString::fromLatin1(e.hash.left(12)));
            }
        }
        after = local.back().seq;
    }
    const std::int64_t hallEvents = after;
    out << u"%1: the city holds %2 events, the hall %3; %4 differ"_s.arg(hall)
               .arg(central.size())
               .arg(hallEvents)
               .arg(problems);
    if (std::int64_t(central.size()) < hallEvents)
        out << u" (the city is %1 events behind)"_s.arg(hallEvents - qint64(central.size()));
    out << u'\n';
    return problems == 0 && std::int64_t(central.size()) <= hallEvents ? kOk : kProblem;
}

int run(const QStringList& arguments, QTextStream& out)
{
    QCommandLineParser options;
    options.addOptions({
        {u"config"_s, u"settings file"_s, u"file"_s, u"/etc/queuehall/city.json"_s},
        {u"conninfo"_s, u"libpq connection string"_s, u"string"_s},
        {u"from"_s, u"first day"_s, u"day"_s},
        {u"to"_s, u"last day"_s, u"day"_s},
        {u"as-of"_s, u"day open cases are judged on"_s, u"day"_s},
        {u"format"_s, u"text, csv or html"_s, u"format"_s, u"text"_s},
        {u"output"_s, u"file to write"_s, u"file"_s},
    });
    options.addHelpOption();
    if (!options.parse(arguments))
        throw UsageError(options.errorText());
    if (options.isSet(u"help"_s)) {
        out << kUsage;
        return kOk;
    }
    const QStringList words = options.positionalArguments();
    const QString command = words.value(0);
    if (command != u"migrate"_s && command != u"status"_s && command != u"report"_s &&
        command != u"resume"_s && command != u"verify"_s)
        throw UsageError(command.isEmpty() ? u"a command is needed"_s
                                           : u"unknown command '%1'"_s.arg(command));
    const sync::CitySettings settings = settingsFrom(options);
    sync::PgConnection pg(settings.conninfo, sync::cityPassword(settings));
    if (command == u"migrate"_s) {
        out << u"city schema version %1\n"_s.arg(sync::migrateCity(pg));
        return kOk;
    }
    if (command == u"status"_s)
        return status(pg, out);
    if (command == u"resume"_s) {
        if (words.size() != 2)
            throw UsageError(u"resume needs the HALL"_s);
        return resume(pg, words[1], out);
    }
    if (command == u"verify"_s) {
        if (words.size() != 3)
            throw UsageError(u"verify needs the HALL and its DATABASE"_s);
        return verify(pg, words[1], words[2], out);
    }
    const QString format = options.value(u"format"_s);
    if (format != u"text"_s && format != u"csv"_s && format != u"html"_s)
        throw UsageError(u"--format is text, csv or html, got '%1'"_s.arg(format));
    const QDate from = day(options, u"from"_s);
    const QDate to = day(options, u"to"_s);
    if (to < from)
        throw UsageError(u"--to comes before --from"_s);
    const sync::CityReport report =
        sync::cityReport(pg, from, to, day(options, u"as-of"_s, QDate::currentDate()));
    const QByteArray bytes = format == u"csv"_s    ? sync::cityReportCsv(report)
                             : format == u"html"_s ? sync::cityReportHtml(report)
                                                   : sync::cityReportText(report).toUtf8();
    if (!options.isSet(u"output"_s)) {
        out.flush();
        std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
        return kOk;
    }
    QFile file(options.value(u"output"_s));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        throw UsageError(u"cannot write %1"_s.arg(options.value(u"output"_s)));
    out << u"wrote %1 (%2 halls)\n"_s.arg(options.value(u"output"_s)).arg(report.halls.size());
    return kOk;
}

} // namespace

int main(int argc, char* argv[])
{
    // The HTML report draws charts, which Qt Charts does only in a QApplication.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"queuehall-city"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(QH_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    try {
        return run(QCoreApplication::arguments(), out);
    } catch (const UsageError& e) {
        err << "error: " << e.what() << "\n\n" << kUsage;
        return kUsageError;
    } catch (const db::ConfigError& e) {
        err << "error: " << e.problems().join(u"\n       "_s) << '\n';
        return kUsageError;
    } catch (const sync::PgError& e) {
        err << "error: the city database: " << e.what() << '\n';
        return kLinkError;
    } catch (const std::exception& e) {
        err << "error: " << e.what() << '\n';
        return kLinkError;
    }
}

// A printer behind a CUPS raw queue: each write is one job, followed until CUPS says it is done;
// status comes from the queue's state and reasons (CUPS carries no DLE EOT replies).
#include "cupstransport.h"

#include <cups/cups.h>

#include <QDeadlineTimer>
#include <QStringList>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace qh::printer {

struct CupsTransport::Connection
{
    http_t* http = nullptr;
    ~Connection() { httpClose(http); }
};

namespace {

constexpr int kConnectTimeoutMs = 5000;
constexpr int kPollMs = 100;

QString lastError()
{
    return QString::fromUtf8(cupsLastErrorString());
}

// An IPP request about the queue, with the attributes wanted back.
ipp_t* request(ipp_op_t op, const QByteArray& uri, const std::vector<const char*>& wanted)
{
    ipp_t* r = ippNewRequest(op);
    ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.constData());
    ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    ippAddStrings(r, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", int(wanted.size()),
                  nullptr, wanted.data());
    return r;
}

QStringList keywords(ipp_t* response, const char* name)
{
    QStringList values;
    ipp_attribute_t* a = ippFindAttribute(response, name, IPP_TAG_KEYWORD);
    for (int i = 0; a && i < ippGetCount(a); ++i)
        values << QString::fromUtf8(ippGetString(a, i, nullptr));
    return values;
}

} // namespace

CupsTransport::CupsTransport(QString server, int port, QString queue, int jobTimeoutMs)
    : m_server(std::move(server))
    , m_port(port)
    , m_queue(std::move(queue))
    , m_jobTimeoutMs(jobTimeoutMs)
{
}

CupsTransport::~CupsTransport() = default;

QString CupsTransport::address() const
{
    return m_server.isEmpty() ? u"cups://%1"_s.arg(m_queue)
                              : u"cups://%1:%2/%3"_s.arg(m_server).arg(m_port).arg(m_queue);
}

void CupsTransport::open()
{
    if (m_connection)
        return;
    // libcups resolves queue names against its (per-thread) default server, so that is set too.
    if (!m_server.isEmpty()) {
        cupsSetServer(u"%1:%2"_s.arg(m_server).arg(m_port).toUtf8().constData());
        ippSetPort(m_port);
    }
    const QByteArray host = m_server.isEmpty() ? QByteArray(cupsServer()) : m_server.toUtf8();
    const int port = m_server.isEmpty() ? ippPort() : m_port;
    http_t* http = httpConnect2(host.constData(), port, nullptr, AF_UNSPEC,
                                HTTP_ENCRYPTION_IF_REQUESTED, 1, kConnectTimeoutMs, nullptr);
    if (!http)
        throw TransportError(u"cannot reach CUPS for %1: %2"_s.arg(address(), lastError()));
    m_connection = std::make_unique<Connection>();
    m_connection->http = http;
}

void CupsTransport::close()
{
    m_connection.reset();
}

void CupsTransport::write(const QByteArray& bytes)
{
    open();
    http_t* http = m_connection->http;
    const QByteArray queue = m_queue.toUtf8();
    const int job = cupsCreateJob(http, queue.constData(), "queuehall ticket", 0, nullptr);
    if (job == 0)
        throw TransportError(u"CUPS refused a job for %1: %2"_s.arg(address(), lastError()));
    if (cupsStartDocument(http, queue.constData(), job, "ticket", CUPS_FORMAT_RAW, 1) !=
            HTTP_STATUS_CONTINUE ||
        cupsWriteRequestData(http, bytes.constData(), size_t(bytes.size())) !=
            HTTP_STATUS_CONTINUE ||
        cupsFinishDocument(http, queue.constData()) != IPP_STATUS_OK) {
        const QString error = lastError();
        close();
        throw TransportError(u"sending job %1 to %2 failed: %3"_s.arg(job).arg(address(), error));
    }
    // The job is done only when CUPS has handed every byte to the printer.
    const QByteArray uri = "ipp://localhost/printers/" + queue;
    const QDeadlineTimer deadline(m_jobTimeoutMs);
    while (true) {
        ipp_t* r = request(IPP_OP_GET_JOB_ATTRIBUTES, uri, {"job-state", "job-state-reasons"});
        ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job);
        ipp_t* response = cupsDoRequest(http, r, "/");
        const int state = ippGetInteger(ippFindAttribute(response, "job-state", IPP_TAG_ENUM), 0);
        const QStringList reasons = keywords(response, "job-state-reasons");
        ippDelete(response);
        if (state == IPP_JSTATE_COMPLETED)
            return;
        if (state == IPP_JSTATE_ABORTED || state == IPP_JSTATE_CANCELED || state == 0)
            throw TransportError(u"job %1 on %2 did not complete (%3)"_s.arg(job).arg(
                address(), reasons.isEmpty() ? lastError() : reasons.join(u", "_s)));
        if (deadline.hasExpired()) {
            cupsCancelJob2(http, queue.constData(), job, 0);
            throw TransportError(u"job %1 on %2 was not done within %3 s (%4); cancelled"_s.arg(job)
                                     .arg(address())
                                     .arg(m_jobTimeoutMs / 1000)
                                     .arg(reasons.join(u", "_s)));
        }
        QThread::msleep(kPollMs);
    }
}

std::optional<escpos::PrinterStatus> CupsTransport::reportedStatus()
{
    open();
    const QByteArray uri = "ipp://localhost/printers/" + m_queue.toUtf8();
    ipp_t* response = cupsDoRequest(
        m_connection->http,
        request(IPP_OP_GET_PRINTER_ATTRIBUTES, uri,
                {"printer-state", "printer-state-reasons", "printer-is-accepting-jobs"}),
        "/resources");
    if (!response || ippGetStatusCode(response) > IPP_STATUS_OK_CONFLICTING) {
        ippDelete(response);
        const QString error = lastError();
        close();
        throw TransportError(u"CUPS does not know %1: %2"_s.arg(address(), error));
    }
    const int state = ippGetInteger(ippFindAttribute(response, "printer-state", IPP_TAG_ENUM), 0);
    const bool accepting =
        ippGetBoolean(ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN), 0);
    const QStringList reasons = keywords(response, "printer-state-reasons");
    ippDelete(response);
    const auto has = [&](const char* reason) {
        return std::any_of(reasons.begin(), reasons.end(), [&](const QString& r) {
            return r.startsWith(QLatin1StringView(reason));
        });
    };
    escpos::PrinterStatus s;
    s.online = state != IPP_PSTATE_STOPPED && accepting && !has("offline");
    s.paperEnd = has("media-empty") || has("media-needed");
    s.paperNearEnd = s.paperEnd || has("media-low");
    s.coverOpen = has("cover-open") || has("door-open");
    return s;
}

} // namespace qh::printer

// The ticket printer on a thread of its own: a status query or a ticket can take seconds (a CUPS
// job, a USB timeout, a network printer that went away) and the screen must never freeze.
#include "printerworker.h"

#include <QPointer>

using namespace Qt::Literals::StringLiterals;

namespace qh::kiosk {

PrinterWorker::PrinterWorker(std::function<std::unique_ptr<printer::Printer>()> make,
                             QObject* parent)
    : QObject(parent)
{
    m_thread.setObjectName(u"printer"_s);
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    std::exception_ptr failure;
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            try {
                m_printer = make();
            } catch (...) {
                failure = std::current_exception();
            }
        },
        Qt::BlockingQueuedConnection);
    if (failure) {
        m_thread.quit();
        m_thread.wait();
        std::rethrow_exception(failure);
    }
}

PrinterWorker::~PrinterWorker()
{
    // The printer goes on its own thread, after whatever it is doing.
    QMetaObject::invokeMethod(
        m_context, [this] { m_printer.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void PrinterWorker::onThread(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_context, std::move(job), Qt::QueuedConnection);
}

void PrinterWorker::answer(std::function<void()> job)
{
    QMetaObject::invokeMethod(this, std::move(job), Qt::QueuedConnection);
}

void PrinterWorker::status(StatusDone done)
{
    onThread([this, done = std::move(done)] {
        std::optional<escpos::PrinterStatus> status;
        QString error;
        try {
            status = m_printer->status();
        } catch (const printer::TransportError& e) {
            error = e.message();
        }
        answer([done, status, error] { done(status, error); });
    });
}

void PrinterWorker::print(const escpos::TicketContent& ticket,
                          std::function<void(QString error)> done)
{
    onThread([this, ticket, done = std::move(done)] {
        QString error;
        try {
            m_printer->print(ticket);
        } catch (const printer::TransportError& e) {
            error = e.message();
        }
        answer([done, error] { done(error); });
    });
}

} // namespace qh::kiosk

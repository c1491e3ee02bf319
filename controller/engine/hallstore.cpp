// The units of work over a hall store, and the hall's first event.
#include "hallstore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEngine, "qh.controller.engine")

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

Event hallInitialisedEvent(const HallConfig& hall, const QString& actor, std::int64_t atMs)
{
    return {0,
            atMs,
            u"hall.initialised"_s,
            actor,
            u"controller"_s,
            std::nullopt,
            std::nullopt,
            QJsonObject{{u"hall"_s, hall.id},
                        {u"departments"_s, int(hall.departments.size())},
                        {u"services"_s, int(hall.services.size())},
                        {u"windows"_s, int(hall.windows.size())}}};
}

Transaction::Transaction(HallStore& store)
    : m_store(store)
{
    m_store.begin();
}

Transaction::~Transaction()
{
    if (m_done || !m_store.inTransaction())
        return;
    try {
        m_store.rollback();
    } catch (const std::exception& e) {
        qCWarning(lcEngine) << "rollback failed:" << e.what();
    }
}

void Transaction::commit()
{
    m_store.commit();
    m_done = true;
}

Savepoint::Savepoint(HallStore& store)
    : m_store(store)
{
    m_store.savepoint();
}

Savepoint::~Savepoint()
{
    // A failed statement may have ended the whole transaction already: then there is no
    // savepoint left to roll back to.
    if (m_done || !m_store.inTransaction())
        return;
    try {
        m_store.rollbackToSavepoint();
    } catch (const std::exception& e) {
        qCWarning(lcEngine) << "rollback to a savepoint failed:" << e.what();
    }
}

void Savepoint::release()
{
    m_store.releaseSavepoint();
    m_done = true;
}

} // namespace qh::engine

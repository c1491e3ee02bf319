// Lets Catch2 print Qt strings and dates in failed assertions.
#pragma once

#include <catch2/catch.hpp>

#include <QDate>
#include <QString>
#include <QStringList>

namespace Catch {
template <> struct StringMaker<QString>
{
    static std::string convert(const QString& value) { return '"' + value.toStdString() + '"'; }
};
template <> struct StringMaker<QStringList>
{
    static std::string convert(const QStringList& value)
    {
        return '[' + value.join(QStringLiteral(" | ")).toStdString() + ']';
    }
};
template <> struct StringMaker<QDate>
{
    static std::string convert(const QDate& value)
    {
        return value.toString(Qt::ISODate).toStdString();
    }
};
} // namespace Catch

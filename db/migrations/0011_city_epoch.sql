-- The hall's epoch in the city's copy of its trail (docs/city.md): a restore renews it, so the
-- events a restored backup numbers again are never taken for the ones sent before. The epoch
-- starts after event city_epoch_base; city_acknowledged is the last event the city holds.
INSERT OR IGNORE INTO hall_meta (key, value) VALUES ('city_epoch', lower(hex(randomblob(16))));
INSERT OR IGNORE INTO hall_meta (key, value) VALUES ('city_epoch_base', '0');
INSERT OR IGNORE INTO hall_meta (key, value) VALUES ('city_acknowledged', '0');

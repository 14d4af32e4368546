-- Run by `odoo-bin neutralize` (and `db load/duplicate --neutralize`): marks the database as
-- a neutralized copy; addons that reach the outside world ship their own script.
INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
VALUES ('database.is_neutralized', 'True', 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
ON CONFLICT (key) DO UPDATE SET value = 'True';
-- a copy must not run the scheduled actions of the original, but for its own clean-up
UPDATE ir_cron SET active = FALSE
 WHERE id NOT IN (SELECT res_id FROM ir_model_data
                   WHERE model = 'ir.cron' AND module = 'base' AND name = 'autovacuum_job');

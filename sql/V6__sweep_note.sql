-- V6 (issue 13): a researcher's note on a sweep, set with `memefusion sweep note ID "text"` and shown
-- by the dashboard beside the sweep's name (`sweep rename ID NAME` changes the existing name column).
ALTER TABLE sweep ADD COLUMN note TEXT;

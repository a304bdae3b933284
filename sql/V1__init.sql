-- memefusion schema. Flyway applies the files of this folder in order; never edit an applied one,
-- add V<n+1>__what.sql instead. Data flows one way: dataset -> feature_set -> sweep/trial ->
-- epoch_metric / trial_metric / prediction.

CREATE TABLE dataset (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT        NOT NULL,
    root         TEXT        NOT NULL,
    content_hash TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (root, content_hash)
);

-- one row per split file of a dataset, with the facts the audit found
CREATE TABLE dataset_split (
    dataset_id     BIGINT  NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    split          TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('train', 'dev', 'test', 'extra')),
    file_name      TEXT    NOT NULL,
    sha256         TEXT    NOT NULL,
    rows           INTEGER NOT NULL,
    positives      INTEGER NOT NULL,
    labeled        BOOLEAN NOT NULL,
    missing_images INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dataset_id, split)
);

-- a cached feature matrix: one encoder applied to one split
CREATE TABLE feature_set (
    id            BIGSERIAL PRIMARY KEY,
    cache_key     TEXT        NOT NULL UNIQUE,
    modality      TEXT        NOT NULL CHECK (modality IN ('text', 'image')),
    model_id      TEXT        NOT NULL,
    model_hash    TEXT        NOT NULL,
    preprocessing JSONB       NOT NULL,
    split         TEXT        NOT NULL,
    split_hash    TEXT        NOT NULL,
    rows          INTEGER     NOT NULL,
    dim           INTEGER     NOT NULL,
    path          TEXT        NOT NULL,
    file_sha256   TEXT        NOT NULL,
    seconds       DOUBLE PRECISION,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sweep (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL,
    dataset_id  BIGINT REFERENCES dataset (id),
    spec        JSONB       NOT NULL,
    -- encoders, splits, thresholds, notes such as 'image encoder has random weights'
    context     JSONB       NOT NULL DEFAULT '{}'::jsonb,
    status      TEXT        NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'done', 'failed')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at  TIMESTAMPTZ,
    finished_at TIMESTAMPTZ
);

CREATE TABLE trial (
    id           BIGSERIAL PRIMARY KEY,
    sweep_id     BIGINT      NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    ordinal      INTEGER     NOT NULL,
    model        TEXT        NOT NULL
        CHECK (model IN ('text', 'image', 'early_fusion', 'late_fusion')),
    config_key   TEXT        NOT NULL,
    hyperparams  JSONB       NOT NULL,
    seed         INTEGER     NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'done', 'failed')),
    worker       TEXT,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    claimed_at   TIMESTAMPTZ,
    heartbeat_at TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    best_epoch   INTEGER,
    error        TEXT,
    timings      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (sweep_id, ordinal)
);
CREATE INDEX trial_claim_idx ON trial (sweep_id, status, ordinal);

CREATE TABLE epoch_metric (
    trial_id   BIGINT  NOT NULL REFERENCES trial (id) ON DELETE CASCADE,
    epoch      INTEGER NOT NULL,
    train_loss DOUBLE PRECISION NOT NULL,
    dev_loss   DOUBLE PRECISION,
    dev_auroc  DOUBLE PRECISION,
    PRIMARY KEY (trial_id, epoch)
);

-- final metrics of the chosen checkpoint, per split and threshold rule
CREATE TABLE trial_metric (
    trial_id       BIGINT  NOT NULL REFERENCES trial (id) ON DELETE CASCADE,
    split          TEXT    NOT NULL,
    threshold_rule TEXT    NOT NULL CHECK (threshold_rule IN ('fixed_0.5', 'train_holdout')),
    threshold      DOUBLE PRECISION NOT NULL,
    n              INTEGER NOT NULL,
    accuracy       DOUBLE PRECISION NOT NULL,
    precision      DOUBLE PRECISION NOT NULL,
    recall         DOUBLE PRECISION NOT NULL,
    f1             DOUBLE PRECISION NOT NULL,
    auroc          DOUBLE PRECISION,
    PRIMARY KEY (trial_id, split, threshold_rule)
);

CREATE TABLE prediction (
    trial_id BIGINT  NOT NULL REFERENCES trial (id) ON DELETE CASCADE,
    split    TEXT    NOT NULL,
    meme_id  TEXT    NOT NULL,
    label    SMALLINT CHECK (label IN (0, 1)),
    proba    REAL    NOT NULL,
    PRIMARY KEY (trial_id, split, meme_id)
);

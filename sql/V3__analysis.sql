-- Analysis of a sweep (issue 6): bootstrap confidence intervals, paired comparisons, calibration,
-- modality reliance and confounder accuracy, for the configuration of each model chosen on dev.
-- Everything here is recomputed from prediction (+ the dataset for confounder groups); analysing a
-- sweep again replaces its rows.

-- how the analysis of a sweep was run
CREATE TABLE analysis_run (
    sweep_id         BIGINT PRIMARY KEY REFERENCES sweep (id) ON DELETE CASCADE,
    resamples        INTEGER          NOT NULL,
    bootstrap_seed   BIGINT           NOT NULL,
    stratified       BOOLEAN          NOT NULL,
    level            DOUBLE PRECISION NOT NULL,
    calibration_bins INTEGER          NOT NULL,
    notes            JSONB            NOT NULL DEFAULT '[]'::jsonb,
    created_at       TIMESTAMPTZ      NOT NULL DEFAULT now()
);

-- bootstrap percentile interval of a model's metric (mean over the seeds of its chosen
-- configuration); AUROC does not depend on a threshold rule and is stored under 'none'
CREATE TABLE metric_ci (
    sweep_id       BIGINT  NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    model          TEXT    NOT NULL CHECK (model IN ('text', 'image', 'early_fusion', 'late_fusion')),
    split          TEXT    NOT NULL,
    metric         TEXT    NOT NULL CHECK (metric IN ('auroc', 'accuracy')),
    threshold_rule TEXT    NOT NULL CHECK (threshold_rule IN ('none', 'fixed_0.5', 'train_holdout')),
    config_key     TEXT    NOT NULL,
    seeds          INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    estimate       DOUBLE PRECISION NOT NULL,
    lower_bound    DOUBLE PRECISION,
    upper_bound    DOUBLE PRECISION,
    PRIMARY KEY (sweep_id, model, split, metric, threshold_rule)
);

-- model_a minus model_b on the same resampled memes
CREATE TABLE paired_comparison (
    sweep_id      BIGINT  NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    split         TEXT    NOT NULL,
    model_a       TEXT    NOT NULL,
    model_b       TEXT    NOT NULL,
    metric        TEXT    NOT NULL CHECK (metric IN ('auroc', 'accuracy')),
    n             INTEGER NOT NULL,
    estimate      DOUBLE PRECISION NOT NULL,
    lower_bound   DOUBLE PRECISION,
    upper_bound   DOUBLE PRECISION,
    frac_at_most_zero DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (sweep_id, split, model_a, model_b, metric)
);

-- expected calibration error: mean/std over seeds, and of all seeds' predictions pooled
CREATE TABLE calibration (
    sweep_id   BIGINT  NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    model      TEXT    NOT NULL,
    split      TEXT    NOT NULL,
    bins       INTEGER NOT NULL,
    seeds      INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    ece_mean   DOUBLE PRECISION NOT NULL,
    ece_std    DOUBLE PRECISION NOT NULL,
    ece_pooled DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (sweep_id, model, split)
);

-- reliability diagram of the pooled predictions; empty bins have NULL means
CREATE TABLE calibration_bin (
    sweep_id           BIGINT  NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    model              TEXT    NOT NULL,
    split              TEXT    NOT NULL,
    bin                INTEGER NOT NULL,
    lower_edge         DOUBLE PRECISION NOT NULL,
    upper_edge         DOUBLE PRECISION NOT NULL,
    count              INTEGER NOT NULL,
    mean_predicted     DOUBLE PRECISION,
    observed_frequency DOUBLE PRECISION,
    PRIMARY KEY (sweep_id, model, split, bin)
);

-- AUROC drop of one trained head when one modality's features are shuffled across memes;
-- written by the sweep runner right after it scores a trial
CREATE TABLE modality_reliance (
    trial_id       BIGINT  NOT NULL REFERENCES trial (id) ON DELETE CASCADE,
    split          TEXT    NOT NULL,
    modality       TEXT    NOT NULL CHECK (modality IN ('text', 'image')),
    repeats        INTEGER NOT NULL,
    permutation_seed BIGINT NOT NULL,
    base_auroc     DOUBLE PRECISION NOT NULL,
    permuted_auroc DOUBLE PRECISION NOT NULL,
    drop_mean      DOUBLE PRECISION NOT NULL,
    drop_std       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (trial_id, split, modality)
);

-- confounder groups of a split as found for a sweep's dataset
CREATE TABLE confounder_group (
    sweep_id  BIGINT  NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    split     TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('text', 'image')),
    group_key TEXT    NOT NULL,
    meme_ids  TEXT[]  NOT NULL,
    positives INTEGER NOT NULL,
    negatives INTEGER NOT NULL,
    PRIMARY KEY (sweep_id, split, kind, group_key)
);

-- a model's accuracy on the memes of confounder groups ('any' = text or image groups) next to
-- its accuracy on the whole split, both as mean/std over seeds
CREATE TABLE confounder_accuracy (
    sweep_id         BIGINT  NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    model            TEXT    NOT NULL,
    split            TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('text', 'image', 'any')),
    threshold_rule   TEXT    NOT NULL CHECK (threshold_rule IN ('fixed_0.5', 'train_holdout')),
    groups           INTEGER NOT NULL,
    memes            INTEGER NOT NULL,
    seeds            INTEGER NOT NULL,
    accuracy_mean    DOUBLE PRECISION NOT NULL,
    accuracy_std     DOUBLE PRECISION NOT NULL,
    overall_mean     DOUBLE PRECISION NOT NULL,
    overall_std      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (sweep_id, model, split, kind, threshold_rule)
);

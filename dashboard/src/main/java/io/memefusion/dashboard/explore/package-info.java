/**
 * What a sweep's trials say once grouped by configuration: seeds as mean ± std, which
 * hyperparameters vary, and how much each one moves dev AUROC. Reads only the store's records; the
 * web package lays the results out.
 */
package io.memefusion.dashboard.explore;

package io.memefusion.db;

/** One cause of failed trials in a sweep (the recorded error) and how many trials it failed. */
public record FailureCause(String error, int trials) {}

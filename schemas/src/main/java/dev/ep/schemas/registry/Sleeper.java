package dev.ep.schemas.registry;

import java.time.Duration;

/** Waits between retries; replaced in tests to observe the back-off without waiting. */
@FunctionalInterface
interface Sleeper {

  Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}

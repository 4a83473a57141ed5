package dev.ep.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that takes platform servers as parameters:
 *
 * <pre>{@code
 * @WithTestPlatform
 * class OrderRepositoryIT {
 *     @Test
 *     void shouldStoreOrderWhenSaved(Database database) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TestPlatformExtension.class)
public @interface WithTestPlatform {
}

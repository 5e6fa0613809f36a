package org.midihost.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties that name and order a {@link MidiDriver}: put it on the driver's DS
 * component. {@code @MidiDriverProperties(id = "loopback", order = 100)} gives
 * {@code midihost.driver.id=loopback} and {@code midihost.driver.order=100}. A configuration
 * property of the same name overrides it (a factory-configured driver gives each instance its own
 * id this way).
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MidiDriverProperties {
    /** Prefix of the property names. */
    String PREFIX_ = "midihost.driver.";

    /**
     * {@value MidiDriver#ID}: the driver's id, the first half of its devices' endpoint ids. Unique
     * among the drivers present (a second driver with an id already present is refused); no '/'.
     *
     * @return the driver id
     */
    String id();

    /**
     * {@value MidiDriver#ORDER}: where the driver's devices come in the numbering; lower first,
     * then by driver id.
     *
     * @return the order
     */
    int order() default MidiDriver.DEFAULT_ORDER;
}

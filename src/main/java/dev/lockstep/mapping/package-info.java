/**
 * Mapping files ({@code mappings/<pair>.yaml}): loading and checking them with positions, the
 * transform catalogue, and turning a cleaned event into the target row it describes.
 */
package dev.lockstep.mapping;

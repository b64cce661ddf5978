package dev.vigil.deploy.sim;

import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.Direction;
import dev.vigil.model.Lane;
import dev.vigil.model.Registry;
import dev.vigil.model.Section;
import dev.vigil.model.Zone;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The road network the simulator drives on, derived from a registry: routes through the junction
 * cameras of one road in one heading (in the order a vehicle meets them), the checkpoint sections,
 * the parking zones, and which sites have traffic lights (those watching more than one heading).
 */
final class CityModel {
    /** A camera on a route and the distance driven from the previous one. */
    record Stop(Device device, double metersFromPrevious) {}

    /** Junction or mid-block cameras of one road, in the order a vehicle heading {@code heading} meets them. */
    record Route(String road, Direction heading, List<Stop> stops) {}

    /** A checkpoint section: entry and exit cameras. */
    record SectionRoute(Section section, Device entry, Device exit) {}

    /** A no-parking zone and the camera watching it. */
    record ParkingZone(Device device, Zone zone) {}

    final List<Route> routes;
    final List<SectionRoute> sections;
    final List<Device> loneCheckpoints;
    final List<ParkingZone> parkingZones;
    final List<Device> signalised;
    final Set<String> signalisedSites;
    final Registry registry;

    CityModel(Registry registry) {
        this.registry = registry;
        Map<String, Set<Direction>> headingsBySite = new HashMap<>();
        Map<String, List<Device>> byRoadAndHeading = new LinkedHashMap<>();
        Map<String, Device> byId = new HashMap<>();
        for (Device device : registry.devices()) {
            byId.put(device.id(), device);
            Direction heading = heading(device);
            if (device.type() != DeviceType.E_POLICE || heading == null) {
                continue;
            }
            headingsBySite.computeIfAbsent(device.siteId(), s -> new HashSet<>()).add(heading);
            byRoadAndHeading.computeIfAbsent(device.road() + '|' + heading, k -> new ArrayList<>()).add(device);
        }
        signalisedSites = new HashSet<>();
        headingsBySite.forEach((site, headings) -> {
            if (headings.size() > 1) {
                signalisedSites.add(site);
            }
        });
        List<Route> routeList = new ArrayList<>();
        List<Device> lights = new ArrayList<>();
        for (List<Device> devices : byRoadAndHeading.values()) {
            Direction heading = heading(devices.get(0));
            devices.sort(Comparator.comparingDouble(d -> along(d, heading)));
            List<Stop> stops = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                double meters = i == 0 ? 0 : Geo.meters(devices.get(i - 1), devices.get(i));
                stops.add(new Stop(devices.get(i), meters));
                if (signalisedSites.contains(devices.get(i).siteId())) {
                    lights.add(devices.get(i));
                }
            }
            routeList.add(new Route(devices.get(0).road(), heading, List.copyOf(stops)));
        }
        routes = List.copyOf(routeList);
        signalised = List.copyOf(lights);

        List<SectionRoute> sectionList = new ArrayList<>();
        Set<String> inSections = new HashSet<>();
        for (Section section : registry.sections()) {
            Device entry = byId.get(section.entryDevice());
            Device exit = byId.get(section.exitDevice());
            if (entry != null && exit != null) {
                sectionList.add(new SectionRoute(section, entry, exit));
                inSections.add(entry.id());
                inSections.add(exit.id());
            }
        }
        sections = List.copyOf(sectionList);
        List<Device> lone = new ArrayList<>();
        List<ParkingZone> zones = new ArrayList<>();
        for (Device device : registry.devices()) {
            if (device.type() == DeviceType.CHECKPOINT && !inSections.contains(device.id())) {
                lone.add(device);
            }
            if (device.type() == DeviceType.PARKING) {
                for (Zone zone : device.zones()) {
                    zones.add(new ParkingZone(device, zone));
                }
            }
        }
        loneCheckpoints = List.copyOf(lone);
        parkingZones = List.copyOf(zones);
    }

    boolean isSignalised(Device device) {
        return signalisedSites.contains(device.siteId());
    }

    /** The heading most of a camera's lanes carry, or null when its lanes name none. */
    static Direction heading(Device device) {
        Map<Direction, Integer> counts = new EnumMap<>(Direction.class);
        for (Lane lane : device.lanes()) {
            if (lane.direction() != null) {
                counts.merge(lane.direction(), 1, Integer::sum);
            }
        }
        Direction best = null;
        for (Map.Entry<Direction, Integer> entry : counts.entrySet()) {
            if (best == null || entry.getValue() > counts.get(best)) {
                best = entry.getKey();
            }
        }
        return best;
    }

    /** Position along a heading: larger means met later. */
    private static double along(Device device, Direction heading) {
        return switch (heading) {
            case E -> device.location().lon();
            case W -> -device.location().lon();
            case N -> device.location().lat();
            case S -> -device.location().lat();
        };
    }
}

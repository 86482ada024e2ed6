// Reads an iCalendar file as Thunderbird does, with Mozilla ical.js, and prints JSON: the
// calendar's properties and, for each VEVENT, what a calendar shows of it, with its start
// and end as UTC instants. Usage: node tests/js/read-ics.mjs [FILE]   (no FILE: standard input)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// A DATE stays a date; a DATE-TIME becomes its UTC instant through the file's own VTIMEZONE
// (ical.js's time zone service is empty here, so nothing else can answer).
function instant(time) {
  if (time.isDate) {
    return time.toString();
  }
  if (time.zone === ICAL.Timezone.localTimezone) {
    throw new Error(`floating time ${time.toString()}: no calendar can place it`);
  }
  return time.convertToZone(ICAL.Timezone.utcTimezone).toString();
}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null ? null : String(value);
}

function person(property) {
  return { address: property.getFirstValue(), cn: property.getParameter("cn") ?? null };
}

// The LANGUAGE parameter of a text property, or null.
function language(component, name) {
  const property = component.getFirstProperty(name);
  return property ? (property.getParameter("language") ?? null) : null;
}

function readEvent(component) {
  const event = new ICAL.Event(component);
  const categories = component.getAllProperties("categories").flatMap((p) => p.getValues());
  const organizer = component.getFirstProperty("organizer");
  return {
    uid: event.uid,
    summary: event.summary,
    description: text(component, "description"),
    location: text(component, "location"),
    url: text(component, "url"),
    categories,
    status: text(component, "status"),
    sequence: event.sequence,
    summitUid: text(component, "x-gfmd-uid"),
    organizer: organizer ? person(organizer) : null,
    attendees: component.getAllProperties("attendee").map(person),
    languages: {
      summary: language(component, "summary"),
      description: language(component, "description"),
      location: language(component, "location"),
    },
    tzid: component.getFirstProperty("dtstart").getParameter("tzid") ?? null,
    start: instant(event.startDate),
    end: instant(event.endDate),
  };
}

const source = readFileSync(process.argv[2] ?? 0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(source));
const result = {
  method: text(calendar, "method"),
  name: text(calendar, "x-wr-calname"),
  refreshInterval: text(calendar, "refresh-interval"),
  publishedTtl: text(calendar, "x-published-ttl"),
  events: calendar.getAllSubcomponents("vevent").map(readEvent),
};
process.stdout.write(JSON.stringify(result, null, 2) + "\n");

// Hand-made NEO records in the modern API shape, for tests that need exact control over each field.
// The 2017 fixtures cover the old shape; these cover ids, optional fields, bodies and ties.

export type Json = Record<string, unknown>;

export function approach(overrides: Json = {}): Json {
  return {
    close_approach_date: '2015-09-08',
    close_approach_date_full: '2015-Sep-08 09:45',
    epoch_date_close_approach: 1441705500000,
    relative_velocity: {
      kilometers_per_second: '19.486643553',
      kilometers_per_hour: '70151.9167909206',
      miles_per_hour: '43589.6729637806',
    },
    miss_distance: {
      astronomical: '0.0269252677',
      lunar: '10.4739291353',
      kilometers: '4027962.697099799',
      miles: '2502859.9608192662',
    },
    orbiting_body: 'Earth',
    ...overrides,
  };
}

export function modernNeo(overrides: Json = {}): Json {
  const id = typeof overrides.id === 'string' ? overrides.id : '3726710';
  return {
    links: { self: `http://api.nasa.gov/neo/rest/v1/neo/${id}?api_key=REDACTED` },
    id,
    neo_reference_id: id,
    name: '(2015 RC)',
    designation: '2015 RC',
    nasa_jpl_url: `http://ssd.jpl.nasa.gov/sbdb.cgi?sstr=${id}`,
    absolute_magnitude_h: 24.3,
    estimated_diameter: {
      kilometers: { estimated_diameter_min: 0.0366906138, estimated_diameter_max: 0.0820427065 },
      meters: { estimated_diameter_min: 36.6906137531, estimated_diameter_max: 82.0427064882 },
    },
    is_potentially_hazardous_asteroid: false,
    close_approach_data: [approach()],
    orbital_data: {
      orbit_id: '6',
      orbit_determination_date: '2021-04-15 14:25:14',
      first_observation_date: '2015-09-06',
      last_observation_date: '2015-09-12',
      data_arc_in_days: 6,
      observations_used: 122,
      orbital_period: '1335.38199981732',
      eccentricity: '.6225515942230192',
      orbit_class: { orbit_class_type: 'APO' },
    },
    is_sentry_object: false,
    ...overrides,
  };
}

/** A browse page envelope around the given records. */
export function pageOf(records: readonly unknown[], number = 0): { page: Json; near_earth_objects: unknown[] } & Json {
  return {
    links: { self: `http://api.nasa.gov/neo/rest/v1/neo/browse?page=${number}&size=20&api_key=REDACTED` },
    page: { size: 20, total_elements: 40680, total_pages: 2034, number },
    near_earth_objects: [...records],
  };
}

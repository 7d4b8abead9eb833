/** Boats for the demo yard: real makes and models, and the names owners paint on them. */

export type Propulsion = 'outboard' | 'inboard' | 'sail' | 'jet';

/**
 * The well-known demo customers' boats are picked by index into this list, and the seeded
 * random picks depend on its order: append new models, do not reorder or remove.
 * `mic` is the manufacturer identification code that starts a hull ID.
 */
export const BOAT_MODELS: readonly (readonly [
  make: string,
  model: string,
  lengthFt: number,
  propulsion: Propulsion,
  mic: string,
  firstYear: number,
])[] = [
  ['Boston Whaler', 'Montauk 170', 17, 'outboard', 'BWC', 1995],
  ['Boston Whaler', '270 Dauntless', 27, 'outboard', 'BWC', 2012],
  ['Boston Whaler', '330 Outrage', 33, 'outboard', 'BWC', 2014],
  ['Grady-White', 'Fisherman 216', 21.3, 'outboard', 'NTL', 2008],
  ['Grady-White', 'Freedom 235', 23.6, 'outboard', 'NTL', 2010],
  ['Grady-White', 'Canyon 306', 30.5, 'outboard', 'NTL', 2011],
  ['Yellowfin', '36 Offshore', 36, 'outboard', 'YFB', 2006],
  ['Contender', '32 ST', 32, 'outboard', 'CTF', 2004],
  ['Regulator', '34', 34, 'outboard', 'RGF', 2010],
  ['Robalo', 'R230', 23, 'outboard', 'RBA', 2012],
  ['Pursuit', 'S 328 Sport', 32, 'outboard', 'PUR', 2015],
  ['Scout', '255 LXF', 25.5, 'outboard', 'SCX', 2014],
  ['Sea Hunt', 'Gamefish 27', 27, 'outboard', 'SHB', 2013],
  ['Everglades', '273 CC', 27, 'outboard', 'EVB', 2012],
  ['Mako', '284 CC', 28, 'outboard', 'MRK', 2012],
  ['Key West', '239 FS', 23, 'outboard', 'KWB', 2015],
  ['Sportsman', 'Open 252', 25, 'outboard', 'SPB', 2016],
  ['Cobia', '261 CC', 26, 'outboard', 'CBA', 2014],
  ['Carolina Skiff', 'JVX 18 CC', 18, 'outboard', 'EKH', 2005],
  ['Hewes', 'Redfisher 18', 18, 'outboard', 'HEW', 2008],
  ['Maverick', '18 HPX-V', 18, 'outboard', 'MVB', 2006],
  ['Bennington', '22 SSBXP', 22, 'outboard', 'ETW', 2014],
  ['Sea Ray', 'SLX 280', 28, 'inboard', 'SER', 2014],
  ['Sea Ray', 'Sundancer 320', 32, 'inboard', 'SER', 2006],
  ['Chaparral', '267 SSX', 26, 'inboard', 'FGB', 2010],
  ['Regal', '2800', 28, 'inboard', 'RGM', 2012],
  ['Formula', '330 SS', 33, 'inboard', 'TNR', 2008],
  ['Tiara', '3600 Open', 36, 'inboard', 'TIA', 2002],
  ['Bertram', '35 Convertible', 35, 'inboard', 'BER', 1988],
  ['Albin', '28 Tournament Express', 28, 'inboard', 'ABN', 1996],
  ['Mainship', '34 Pilot', 34, 'inboard', 'MSH', 1999],
  ['Grand Banks', '42 Classic', 42, 'inboard', 'GBY', 1985],
  ['Viking', '48 Convertible', 48, 'inboard', 'VKY', 2000],
  ['Hatteras', '54 Convertible', 54, 'inboard', 'HAT', 1990],
  ['Catalina', '30', 30, 'sail', 'CTY', 1985],
  ['Catalina', '355', 35, 'sail', 'CTY', 2012],
  ['Beneteau', 'Oceanis 38.1', 38, 'sail', 'BEY', 2016],
  ['Hunter', '33', 33, 'sail', 'HUN', 2004],
  ['Jeanneau', 'Sun Odyssey 349', 34, 'sail', 'JEN', 2014],
  ['Island Packet', '35', 35, 'sail', 'IPY', 1988],
  ['Sabre', '38', 38, 'sail', 'SAB', 1985],
  ['J/Boats', 'J/105', 34.5, 'sail', 'JBO', 1992],
  ['Lagoon', '42', 42, 'sail', 'LGN', 2016],
  ['Yamaha', '242X E-Series', 24, 'jet', 'YAM', 2016],
  ['Sea-Doo', 'GTX 170', 11, 'jet', 'YDV', 2018],
];

export const BOAT_NAMES: readonly string[] = `
Sea Breeze | Knot Working | Reel Therapy | Aquaholic | Seas the Day | Miss Behavin' | Happy Hour
Second Wind | Liberty | Serenity | Island Time | Pura Vida | Sea Esta | Reel Deal | Nauti Buoy
Blue Heron | Osprey | Salty Dog | Ocean Therapy | Sunday Funday | Dock Holiday | Fishful Thinking
Reel Estate | Sea Ya Later | Tide Me Over | Plan B | Hakuna Matata | Carpe Diem | Wind Dancer
Windsong | Odyssey | Lady Luck | Miss Kathy | Andiamo | Dreamcatcher | Second Chance | Knotty Buoy
Grace | Freedom | Persistence | Endeavour | Mistral | Halcyon | Kismet | Moonshadow | Gypsy Soul
Obsession | Escape Plan | Quest | Sea Witch | Bluefin | Marlin Monroe | Last Resort | Good Life
Aqua Vitae | Bay Dreamer | Current Affair | Duck Soup | Easy Rider | Far Niente | Gone Fishin
Hull Raiser | Irie | Jubilee | Keys Please | Latitude Adjustment | Moondance | Nirvana | Osprey II
Pelican Brief | Rum Runner | Sandpiper | Tequila Sunrise | Unwind | Vitamin Sea | Wahoo | Xanadu
Yolo | Zephyr | Salt Life | Reel Busy | No Wake Zone | Shore Thing | Sea Cret | Loose Cannon
Merry Weather | Southern Comfort | Tranquility | True North | Whisper | Wild Card | Sweet Pea
`
  .trim()
  .split(/\s*[|\n]\s*/);

/**
 * Name and place lists for the demo data generator (demo-people.ts). Each list is
 * ordered roughly from most to least common in the US; the generator weights entries
 * by rank, so a few surnames are common and most are rare.
 */

const words = (s: string): string[] => s.trim().split(/\s+/);

export const FIRST_NAMES: readonly string[] = words(`
James Mary Michael Patricia Robert Jennifer John Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra
Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol
Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Sharon Edward Laura
Jeffrey Cynthia Ryan Dorothy Jacob Amy Gary Kathleen Nicholas Angela Eric Shirley Jonathan Emma
Stephen Brenda Larry Pamela Justin Nicole Scott Anna Brandon Samantha Benjamin Katherine Samuel
Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia Dennis
Heather Jerry Helen Tyler Catherine Aaron Diane Jose Julie Adam Victoria Nathan Joyce Henry Lauren
Zachary Kelly Douglas Christina Peter Ruth Kyle Joan Noah Virginia Ethan Judith Jeremy Evelyn
Christian Hannah Walter Andrea Keith Megan Austin Cheryl Roger Jacqueline Terry Madison Sean Teresa
Gerald Abigail Carl Sophia Dylan Martha Harold Sara Jordan Gloria Jesse Janice Bryan Kathryn Lawrence
Ann Arthur Isabella Gabriel Judy Bruce Charlotte Logan Julia Billy Grace Joe Amber Alan Alice Juan
Jean Elijah Denise Willie Frances Albert Danielle Wayne Marilyn Randy Natalie Mason Beverly Vincent
Diana Liam Brittany Roy Theresa Bobby Kayla Caleb Alexis Bradley Doris Russell Lori Lucas Tiffany
Carlos Ava Luis Mia Miguel Rosa Jorge Carmen Alejandro Ana Diego Lucia Ricardo Sofia Javier Elena
Hector Gabriela Manuel Valeria Rafael Camila Fernando Adriana Pedro Ximena Mateo Paola Santiago
Mariana Wei Mei Hiroshi Yuki Kenji Aiko Minh Linh Raj Priya Arjun Ananya Vikram Deepa Sanjay Nisha
Tuan Hoa Jin Soo Hyun Ji Chen Ling Omar Fatima Ali Aisha Hassan Leila Yusuf Amira Malik Imani
DeShawn Latoya Darnell Keisha Tyrone Aaliyah Jamal Ebony Marcus Jasmine Andre Tanisha Terrell Monique
Connor Siobhan Declan Niamh Cormac Aoife Sven Ingrid Lars Astrid Erik Freya Hans Greta Klaus Heidi
Giovanni Francesca Marco Giulia Luca Chiara Pierre Claire Luc Amelie Dmitri Natasha Ivan Katya
Piotr Agnieszka Tomasz Zofia Kai Leilani Keanu Malia Colt Savannah Wyatt Dakota Beau Harper Finn
Skyler Reid Quinn Chase Sierra Cole Brooke Blake Paige Trent Whitney Garrett Morgan Spencer Riley
`);

export const LAST_NAMES: readonly string[] = words(`
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez
Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez
Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole
Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens
Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker
Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz
Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice
Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley
Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham
Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman
Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman
Rios Estrada Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado
Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs O'Brien Lynch Singh Vega Bishop
Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson Le
McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little Banks
Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May Holland Juarez
Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila Wade
Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala
Lowe Frazier Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris
Jennings Watts Duran Walters Cohen McDaniel Moran Parks Steele Vaughn Becker Holt DeLeon Barker
Terry Hale Leon Hyde Benson Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera
McKinney Mann Zimmerman Dawson Lara Fletcher Page McCarthy Love Robles Cervantes Solis Erickson
Reeves Chang Klein Salinas Fuentes Baldwin Daniel Simon Velasquez Hardy Higgins Aguirre Lin Cummings
Chandler Sharp Barber Bowen Ochoa Dennis Robbins Liu Ramsey Francis Griffith Paul Blair O'Connor
Cardenas Pacheco Cross Calderon Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano Fitzgerald
Rosales Stevenson Christensen Manning Gill Curry McLaughlin Harmon McGee Gross Doyle Garner Newton
Burgess Reese Walton Blake Trujillo Adkins Brady Goodman Roman Webster Goodwin Fischer Huang Potter
Delacruz Montoya Todd Wu Hines Mullins Castaneda Malone Cannon Tate Mack Sherman Hubbard Hodges
Zhang Guerra Wolf Valencia Saunders Franco Rowe Gallagher Farmer Hammond Hampton Townsend Ingram
Wise Gallegos Clarke Barton Schroeder Maxwell Waters Logan Camacho Strickland Norman Person Colon
Parsons Frank Harrington Glover Osborne Buchanan Casey Floyd Patton Ibarra Ball Tyler Suarez Bowers
Orozco Salas Cobb Gibbs Andrade Bauer Conner Moody Escobar McGuire Lloyd Mueller Hartman French
Kramer McBride Pope Lindsey Velazquez Norton McCormick Sparks Flynn Yates Hogan Marsh Macias
Villanueva Zamora Pratt Stokes Owen Ballard Lang Brock Villarreal Charles Drake Barrera Cain Patrick
Pineda Burnett Mercado Santana Shepherd Bautista Ali Shaffer Lamb Trevino McKenzie Hess Keane Olsen
Cochran Morton Nash Wilkins Petersen Briggs Shah Roth Nicholson Holloway Lozano Rangel Flowers
Hoover Short Arias Mora Valenzuela Bryan Meyers Weiss Underwood Bass Greer Summers Houston Carson
Morrow Clayton Whitaker Decker Yoder Collier Zuniga Carey Wilcox Melendez Poole Roberson Larsen
Conley Davenport Copeland Massey Lam Huff Rocha Cameron Jefferson Hood Monroe Anthony Pittman
Huynh Randall Singleton Kirk Combs Mathis Christian Skinner Bradford Richard Galvan Wall Boone
Kirby Wilkinson Bridges Bruce Atkinson Velez Meza Roy Vincent York Hodge Villa Abbott Allison
Tapia Gates Chase Sosa Sweeney Farrell Wyatt Dalton Horn Barron Phelps Yu Dickerson Heath Foley
Atkins Mathews Bonilla Acevedo Benitez Zavala Hensley Glenn Cisneros Harrell Shields Rubio Choi
Huffman Boyer Garrison Arroyo Bond Kane Hancock Callahan Dillon Cline Wiggins Grimes Arellano
Melton O'Neill Savage Ho Beltran Pitts Parrish Ponce Rich Booth Koch Golden Ware Brennan McDowell
Marks Cantu Humphrey Baxter Sawyer Clay Tanner Hutchinson Kaur Berg Wiley Gilmore Russo Villegas
Hobbs Keith Wilkerson Ahmed Beard McClain Montes Mata Rosario Vang Walter Henson O'Neal Mosley
McClure Beasley Stephenson Snow Huerta Preston Vance Barry Johns Eaton Blackwell Dyer Prince
Macdonald Solomon Guevara Stafford English Hurst Woodard Cortes Shannon Kemp Nolan McCullough
Merritt Murillo Moon Salgado Strong Kline Cordova Barajas Roach Rosas Winters Jacobson Lester Knox
Bullock Kerr Leach Meadows Orr Davila Whitehead Pruitt Kent Conway McKee Barr David DeJesus Marin
Berger McIntyre Blankenship Gaines Palacios Cuevas Bartlett Durham Dorsey McCall O'Donnell Stein
Browning Stout Lowery Sloan McLean Hendricks Calhoun Sexton Chung Gentry Hull Duarte Ellison Nielsen
Gillespie Buck Middleton Sellers Leblanc Esparza Hardin Bradshaw McIntosh Howe Livingston Frost
Glass Morse Knapp Herman Stark Bravo Noble Spears Weeks Corona Frederick Buckley McFarland Hebert
Enriquez Hickman Quintero Randolph Schaefer Walls Trejo House Reilly Pennington Michael Conrad
Giles Benjamin Crosby Fitzpatrick Donovan Mays Mahoney Valentine Raymond Medrano Hahn McMillan
Small Bentley Felix Peck Lucero Boyle Hanna Pace Rush Hurley Harding McConnell Bernal Nava Ayers
Everett Ventura Avery Pugh Mayer Bender Shepard McMahon Landry Case Sampson Moses Magana Blackburn
Dunlap Gould Duffy Vaughan Herring McKay Espinosa Rivers Farley Bernard Ashley Friedman Potts
Truong Costa Correa Blevins Nixon Clements Fry Delarosa Best Benton Lugo Portillo Dougherty
Crane Haley Phan Villalobos Blanchard Horne Finley Quintana Lynn Esquivel Bean Dodson Mullen
Xiong Hayden Cano Levy Huber Richmond Moyer Lim Frye Sheppard McCarty Avalos Booker Waller Parra
Woodward Jaramillo Krueger Rasmussen Brandt Peralta Donaldson Stuart Faulkner Maynard Galindo
Coffey Estes Sanford Burch Maddox Vo O'Connell Vu Andersen Spence McPherson Church Schmitt Stanton
Leal Cherry Compton Dudley Sierra Pollard Alfaro Hester Proctor Lu Hinton Novak Good Madden McCann
Terrell Jarvis Dickson Reyna Cantrell Mayo Branch Hendrix Rollins Rowland Whitney Duke Odom Daugherty
Travis Tang Archer
`);

/** Coastal and lake-shore towns with their state and a ZIP code of the town. */
export const PLACES: readonly (readonly [city: string, state: string, zip: number])[] = [
  ['Miami', 'FL', 33131],
  ['Key Biscayne', 'FL', 33149],
  ['Fort Lauderdale', 'FL', 33301],
  ['Pompano Beach', 'FL', 33062],
  ['Boca Raton', 'FL', 33432],
  ['Palm Beach Gardens', 'FL', 33410],
  ['Jupiter', 'FL', 33458],
  ['Stuart', 'FL', 34994],
  ['Key Largo', 'FL', 33037],
  ['Islamorada', 'FL', 33036],
  ['Marathon', 'FL', 33050],
  ['Key West', 'FL', 33040],
  ['Naples', 'FL', 34102],
  ['Cape Coral', 'FL', 33904],
  ['Sarasota', 'FL', 34236],
  ['St. Petersburg', 'FL', 33701],
  ['Tampa', 'FL', 33602],
  ['Clearwater', 'FL', 33755],
  ['Destin', 'FL', 32541],
  ['Pensacola', 'FL', 32502],
  ['St. Augustine', 'FL', 32084],
  ['Jacksonville Beach', 'FL', 32250],
  ['Melbourne', 'FL', 32901],
  ['Titusville', 'FL', 32780],
  ['Mobile', 'AL', 36602],
  ['Orange Beach', 'AL', 36561],
  ['Biloxi', 'MS', 39530],
  ['New Orleans', 'LA', 70130],
  ['Galveston', 'TX', 77550],
  ['Corpus Christi', 'TX', 78401],
  ['Kemah', 'TX', 77565],
  ['Savannah', 'GA', 31401],
  ['Brunswick', 'GA', 31520],
  ['Charleston', 'SC', 29401],
  ['Hilton Head Island', 'SC', 29928],
  ['Myrtle Beach', 'SC', 29577],
  ['Wilmington', 'NC', 28401],
  ['Beaufort', 'NC', 28516],
  ['Morehead City', 'NC', 28557],
  ['Norfolk', 'VA', 23510],
  ['Virginia Beach', 'VA', 23451],
  ['Annapolis', 'MD', 21401],
  ['St. Michaels', 'MD', 21663],
  ['Lewes', 'DE', 19958],
  ['Cape May', 'NJ', 8204],
  ['Point Pleasant Beach', 'NJ', 8742],
  ['Sag Harbor', 'NY', 11963],
  ['Montauk', 'NY', 11954],
  ['Oyster Bay', 'NY', 11771],
  ['City Island', 'NY', 10464],
  ['Mystic', 'CT', 6355],
  ['Essex', 'CT', 6426],
  ['Newport', 'RI', 2840],
  ['Bristol', 'RI', 2809],
  ['Falmouth', 'MA', 2540],
  ['Hyannis', 'MA', 2601],
  ['Marblehead', 'MA', 1945],
  ['Gloucester', 'MA', 1930],
  ['Portsmouth', 'NH', 3801],
  ['Kennebunkport', 'ME', 4046],
  ['Camden', 'ME', 4843],
  ['Bar Harbor', 'ME', 4609],
  ['Traverse City', 'MI', 49684],
  ['Charlevoix', 'MI', 49720],
  ['Sandusky', 'OH', 44870],
  ['Door County', 'WI', 54235],
  ['Seattle', 'WA', 98109],
  ['Anacortes', 'WA', 98221],
  ['Gig Harbor', 'WA', 98335],
  ['Astoria', 'OR', 97103],
  ['Sausalito', 'CA', 94965],
  ['Alameda', 'CA', 94501],
  ['Newport Beach', 'CA', 92660],
  ['Dana Point', 'CA', 92629],
  ['San Diego', 'CA', 92101],
  ['Honolulu', 'HI', 96815],
];

/** Area codes of the places above (and their neighbours), most customers local to South Florida. */
export const AREA_CODES: readonly string[] = words(`
305 786 954 754 561 772 305 786 954 239 941 727 813 850 904 321 251 228 504 409 361 281 912 843 910
252 757 410 443 302 609 732 631 516 718 860 203 401 508 774 781 978 603 207 231 419 920 206 360 253
503 415 510 949 619 808
`);

export const STREET_NAMES: readonly string[] = words(`
Ocean Bay Harbor Marina Palm Bayshore Seaview Lighthouse Anchor Cove Gulf Coral Pelican Heron Egret
Dolphin Mangrove Sailfish Tarpon Schooner Clipper Compass Tidewater Shoreline Inlet Beach Dune
Magnolia Oak Cedar Pine Willow Maple Main Church Washington Lincoln Jefferson Madison Park Lake River
Sunset Sunrise Seagrape Hibiscus Banyan Cypress Osprey Windward Leeward Mariner Captains Bluewater
`);

export const STREET_SUFFIXES: readonly string[] = words('St Ave Dr Rd Ln Ct Way Blvd Pl Ter Cir Pkwy');

export const EMAIL_DOMAINS: readonly string[] = words(`
gmail.com gmail.com gmail.com gmail.com gmail.com yahoo.com yahoo.com outlook.com hotmail.com icloud.com
icloud.com aol.com comcast.net att.net bellsouth.net verizon.net me.com msn.com protonmail.com cox.net
`);

export const COMPANY_WORDS: readonly string[] = words(`
Bluewater Seaside Tidewater Coastal Harbor Anchor Keys Gulfstream Atlantic Southern Sunshine Islander
Reef Offshore Backcountry Sandbar Saltwater Mangrove Coral Lighthouse Windward Nautical Marlin Pelican
`);

export const COMPANY_KINDS: readonly string[] = [
  'Charters',
  'Fishing Charters',
  'Marine Services',
  'Yacht Management',
  'Dive Center',
  'Boat Rentals',
  'Sportfishing',
  'Water Taxi',
  'Marine Construction',
  'Realty',
  'Holdings',
  'Properties',
];

export const COMPANY_SUFFIXES: readonly string[] = ['LLC', 'LLC', 'Inc.', 'Co.', 'Group', 'LLC', ''];

// The small working example `leadspec init` writes when it is given no CRM export: 24 leads as a
// HubSpot export names its columns, and their web and e-mail events. `init` infers the catalog
// from them exactly as from a user's file, so the example shows what `--from` does.

/** Leads with HubSpot-style headers ("Record ID", "Number of Employees", "Create Date", …). */
export const EXAMPLE_LEADS_CSV = `Record ID,First Name,Email,Company name,Number of Employees,Industry,Country/Region,Job Title,Lifecycle Stage,Create Date,Became a Marketing Qualified Lead Date,Last Contacted,Unsubscribed from all email
5100,Ana,ana@acme.example,Acme Analytics,5,Software,United States,VP Marketing,lead,2026-10-21 11:00,2026-10-28 16:00,2026-10-28 17:00,No
5107,Ben,ben@borealis.example,Borealis,12,Software,United States,Head of RevOps,marketingqualifiedlead,2026-11-04 10:00,2026-11-10 14:00,,No
5114,Chloe,chloe@cobalt.example,Cobalt Labs,40,Software,United States,Marketing Manager,salesqualifiedlead,2026-11-02 12:00,,,No
5121,Dev,dev@dunmore.example,Dunmore Health,55,Financial Services,Germany,Sales Director,opportunity,2026-10-06 15:00,2026-10-13 15:00,2026-10-13 17:00,Yes
5128,Elif,elif4@gmail.com,Eastwind Retail,80,Financial Services,United Kingdom,CEO,lead,2026-11-05 15:00,2026-11-06 21:00,2026-11-07 17:00,No
5135,Femi,femi@fathom.example,Fathom Pay,120,Healthcare,Canada,Analyst,marketingqualifiedlead,2026-10-15 09:00,,,No
5142,Greta,greta@gridline.example,Gridline,150,Retail,United States,Marketing Coordinator,salesqualifiedlead,2026-10-12 10:00,2026-10-22 14:00,2026-10-23 20:00,No
5149,Hugo,hugo@harbor.example,Harbor Learning,240,Education,United States,CFO,opportunity,2026-11-06 09:00,2026-11-16 10:00,2026-11-16 15:00,No
5156,Ines,ines@ionic.example,Ionic Systems,320,Software,United States,Demand Gen Manager,lead,2026-11-01 14:00,,,No
5163,Jon,jon@juniper.example,Juniper Bank,450,Software,Germany,Student,marketingqualifiedlead,2026-11-05 14:00,2026-11-11 19:00,,No
5170,Kai,kai10@gmail.com,Kestrel AI,600,Software,United Kingdom,VP Marketing,salesqualifiedlead,2026-10-18 16:00,2026-10-20 16:00,2026-10-21 22:00,Yes
5177,Lea,lea@lumen.example,Lumen Care,900,Financial Services,Canada,Head of RevOps,opportunity,2026-10-09 12:00,,,No
5184,Milo,milo@mosaic.example,Mosaic Shop,1200,Financial Services,United States,Marketing Manager,lead,2026-10-28 17:00,2026-11-02 22:00,2026-11-03 03:00,No
5191,Nia,nia@northstar.example,Northstar Soft,2500,Healthcare,United States,Sales Director,marketingqualifiedlead,2026-10-10 12:00,2026-10-14 12:00,,No
5198,Omar,omar@orbit.example,Orbit Finance,5000,Retail,United States,CEO,salesqualifiedlead,2026-11-06 14:00,,,No
5205,Pia,pia@pinecrest.example,Pinecrest School,18,Education,Germany,Analyst,opportunity,2026-11-09 09:00,2026-11-17 15:00,2026-11-18 21:00,No
5212,Quinn,quinn16@gmail.com,Quanta Cloud,25,Software,United Kingdom,Marketing Coordinator,lead,2026-10-01 11:00,2026-10-10 11:00,2026-10-10 14:00,No
5219,Rosa,rosa@ridge.example,Ridge Partners,70,Software,Canada,CFO,marketingqualifiedlead,2026-11-01 16:00,,,Yes
5226,Sam,sam@summit.example,Summit Data,300,Software,United States,Demand Gen Manager,salesqualifiedlead,2026-10-11 17:00,2026-10-12 18:00,2026-10-13 14:00,No
5233,Tara,tara@tidal.example,Tidal Commerce,1100,Financial Services,United States,Student,opportunity,2026-10-06 13:00,2026-10-15 15:00,2026-10-15 17:00,No
5240,Uma,uma@umbra.example,Umbra Security,60,Financial Services,United States,VP Marketing,lead,2026-10-13 12:00,,,No
5247,Vik,vik@vantage.example,Vantage CRM,200,Healthcare,Germany,Head of RevOps,marketingqualifiedlead,2026-10-23 14:00,2026-10-25 15:00,,No
5254,Wren,wren22@gmail.com,Willow Clinic,35,Retail,United Kingdom,Marketing Manager,salesqualifiedlead,2026-10-15 16:00,2026-10-19 18:00,2026-10-19 20:00,No
5261,Yara,yara@zephyr.example,Zephyr Apps,750,Education,Canada,Sales Director,opportunity,2026-10-08 15:00,,,No
`;

/** Events (JSON Lines: lead_id, event, at, properties) of the example's leads. */
export const EXAMPLE_EVENTS_JSONL = `{"lead_id": "5212", "event": "page_view", "at": "2026-10-03T14:00:00Z", "url": "/customers"}
{"lead_id": "5212", "event": "email_click", "at": "2026-10-05T21:00:00Z"}
{"lead_id": "5191", "event": "page_view", "at": "2026-10-10T14:00:00Z", "url": "/pricing"}
{"lead_id": "5261", "event": "page_view", "at": "2026-10-11T03:00:00Z", "url": "/pricing"}
{"lead_id": "5177", "event": "page_view", "at": "2026-10-14T19:00:00Z", "url": "/pricing"}
{"lead_id": "5191", "event": "webinar_attended", "at": "2026-10-15T16:00:00Z"}
{"lead_id": "5142", "event": "page_view", "at": "2026-10-15T18:00:00Z", "url": "/pricing"}
{"lead_id": "5212", "event": "page_view", "at": "2026-10-16T12:00:00Z", "url": "/pricing"}
{"lead_id": "5135", "event": "page_view", "at": "2026-10-16T17:00:00Z", "url": "/blog/scoring"}
{"lead_id": "5177", "event": "webinar_attended", "at": "2026-10-17T14:00:00Z"}
{"lead_id": "5254", "event": "demo_request", "at": "2026-10-18T02:00:00Z"}
{"lead_id": "5240", "event": "page_view", "at": "2026-10-19T20:00:00Z", "url": "/pricing"}
{"lead_id": "5261", "event": "email_click", "at": "2026-10-21T02:00:00Z"}
{"lead_id": "5226", "event": "webinar_attended", "at": "2026-10-21T03:00:00Z"}
{"lead_id": "5191", "event": "webinar_attended", "at": "2026-10-21T21:00:00Z"}
{"lead_id": "5233", "event": "page_view", "at": "2026-10-23T21:00:00Z", "url": "/customers"}
{"lead_id": "5170", "event": "page_view", "at": "2026-10-25T04:00:00Z", "url": "/docs"}
{"lead_id": "5233", "event": "page_view", "at": "2026-10-26T16:00:00Z", "url": "/customers"}
{"lead_id": "5135", "event": "webinar_attended", "at": "2026-10-27T09:00:00Z"}
{"lead_id": "5135", "event": "page_view", "at": "2026-10-28T11:00:00Z", "url": "/customers"}
{"lead_id": "5240", "event": "page_view", "at": "2026-10-28T16:00:00Z", "url": "/blog/scoring"}
{"lead_id": "5254", "event": "page_view", "at": "2026-10-31T02:00:00Z", "url": "/docs"}
{"lead_id": "5212", "event": "page_view", "at": "2026-10-31T16:00:00Z", "url": "/customers"}
{"lead_id": "5261", "event": "page_view", "at": "2026-10-31T17:00:00Z", "url": "/blog/scoring"}
{"lead_id": "5240", "event": "demo_request", "at": "2026-11-01T17:00:00Z"}
{"lead_id": "5184", "event": "page_view", "at": "2026-11-01T18:00:00Z", "url": "/blog/scoring"}
{"lead_id": "5261", "event": "demo_request", "at": "2026-11-01T18:00:00Z"}
{"lead_id": "5135", "event": "page_view", "at": "2026-11-02T13:00:00Z", "url": "/customers"}
{"lead_id": "5226", "event": "page_view", "at": "2026-11-03T01:00:00Z", "url": "/pricing"}
{"lead_id": "5261", "event": "email_click", "at": "2026-11-03T01:00:00Z"}
{"lead_id": "5156", "event": "demo_request", "at": "2026-11-04T02:00:00Z"}
{"lead_id": "5156", "event": "page_view", "at": "2026-11-04T22:00:00Z", "url": "/pricing"}
{"lead_id": "5219", "event": "page_view", "at": "2026-11-05T03:00:00Z", "url": "/docs"}
{"lead_id": "5240", "event": "page_view", "at": "2026-11-05T12:00:00Z", "url": "/pricing"}
{"lead_id": "5261", "event": "email_click", "at": "2026-11-05T17:00:00Z"}
{"lead_id": "5240", "event": "email_click", "at": "2026-11-06T00:00:00Z"}
{"lead_id": "5170", "event": "page_view", "at": "2026-11-06T17:00:00Z", "url": "/pricing"}
{"lead_id": "5163", "event": "email_click", "at": "2026-11-07T15:00:00Z"}
{"lead_id": "5177", "event": "email_click", "at": "2026-11-07T19:00:00Z"}
{"lead_id": "5240", "event": "email_click", "at": "2026-11-07T23:00:00Z"}
{"lead_id": "5170", "event": "page_view", "at": "2026-11-08T01:00:00Z", "url": "/pricing"}
{"lead_id": "5170", "event": "page_view", "at": "2026-11-09T22:00:00Z", "url": "/docs"}
{"lead_id": "5219", "event": "demo_request", "at": "2026-11-09T23:00:00Z"}
{"lead_id": "5219", "event": "email_click", "at": "2026-11-10T17:00:00Z"}
{"lead_id": "5156", "event": "email_click", "at": "2026-11-10T23:00:00Z"}
{"lead_id": "5254", "event": "webinar_attended", "at": "2026-11-13T01:00:00Z"}
{"lead_id": "5205", "event": "email_click", "at": "2026-11-14T10:00:00Z"}
{"lead_id": "5156", "event": "email_click", "at": "2026-11-14T14:00:00Z"}
{"lead_id": "5205", "event": "page_view", "at": "2026-11-15T10:00:00Z", "url": "/blog/scoring"}
{"lead_id": "5149", "event": "page_view", "at": "2026-11-15T12:00:00Z", "url": "/blog/scoring"}
{"lead_id": "5170", "event": "page_view", "at": "2026-11-17T23:00:00Z", "url": "/docs"}
{"lead_id": "5149", "event": "webinar_attended", "at": "2026-11-19T21:00:00Z"}
{"lead_id": "5149", "event": "page_view", "at": "2026-11-20T18:00:00Z", "url": "/pricing"}
{"lead_id": "5163", "event": "webinar_attended", "at": "2026-11-20T23:00:00Z"}
{"lead_id": "5205", "event": "email_click", "at": "2026-11-21T10:00:00Z"}
{"lead_id": "5205", "event": "webinar_attended", "at": "2026-11-21T15:00:00Z"}
{"lead_id": "5149", "event": "page_view", "at": "2026-11-24T13:00:00Z", "url": "/customers"}
{"lead_id": "5156", "event": "page_view", "at": "2026-11-25T19:00:00Z", "url": "/blog/scoring"}
{"lead_id": "5184", "event": "demo_request", "at": "2026-11-25T23:00:00Z"}
{"lead_id": "5205", "event": "page_view", "at": "2026-11-28T09:00:00Z", "url": "/pricing"}
{"lead_id": "5205", "event": "email_click", "at": "2026-11-29T15:00:00Z"}
{"lead_id": "5149", "event": "demo_request", "at": "2026-11-30T12:00:00Z"}
{"lead_id": "5198", "event": "demo_request", "at": "2026-12-03T22:00:00Z"}
`;

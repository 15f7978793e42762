//! Call logs as PBXs write them: Grandstream's export with a header, the FreePBX
//! `cdr` table dumped without one, a MySQL dump in another column order,
//! `columns = [...]` for any other headerless layout; a call spans several rows;
//! calls abandoned before an agent answered count for the team only; internal
//! calls are left out with a note.

use zhidu::model::{CallDirection, CallStatus};

use super::{dt, errors, load, notes};

/// A Grandstream UCM export (CRLF): an inbound call through IVR and queue answered
/// by agent 194, an inbound call abandoned in the queue, an internal call, an
/// outbound call from extension 241.
const GRANDSTREAM: &str = concat!(
    "Account Code,Caller Number,Callee Number,Context,CallerID Number,Source Channel,Dest. Channel,Last app.,Last date,Start Time,Answer Time,End Time,Call Time,Talk Time,Disposition,AMA Flags,Unique ID,Log Userfield,Dest Channel Extension,Caller Name,Answered by,Session,Premier Caller,Action Type,Source Trunk Name,Destination Trunk Name\r\n",
    ",999056188,787778484,ext-did-1,\"\"\"\"\" <999056188>\",PJSIP/trunk_1-00025a5f,,ForkCDR,ae,2026-07-03 08:57:59,2026-07-03 08:58:09,2026-07-03 08:58:09,10,0,NO ANSWER,DOCUMENTATION,1783051079.621872,Inbound,787778484,,,1783051079-999056188,999056188,DIAL,EASTTELECOM,\r\n",
    ",999056188,7000,ivr-1,\"\"\"\"\" <999056188>\",PJSIP/trunk_1-00025a5f,,ForkCDR,are,2026-07-03 08:57:59,2026-07-03 08:58:09,2026-07-03 08:58:30,30,20,ANSWERED,DOCUMENTATION,1783051079.621872,Inbound,7000,,7000,1783051079-999056188,999056188,IVR[7000],EASTTELECOM,\r\n",
    ",999056188,6500,ext-queues,\"\"\"\"\" <999056188>\",PJSIP/trunk_1-00025a5f,,ForkCDR,are,2026-07-03 08:58:30,2026-07-03 08:58:38,2026-07-03 08:58:38,8,0,ANSWERED,DOCUMENTATION,1783051079.621872,Inbound,6500,,6500,1783051079-999056188,999056188,QUEUE[6500],EASTTELECOM,\r\n",
    ",999056188,194,ext-did-1,\"\"\"\"\" <999056188>\",PJSIP/trunk_1-00025a5f,PJSIP/194-00025a61,Queue,\"6500,,,,900,,,\",2026-07-03 08:58:38,2026-07-03 08:58:41,2026-07-03 09:06:09,450,447,ANSWERED,DOCUMENTATION,1783051079.621872,Inbound,194,,194,1783051079-999056188,999056188,QUEUE[6500],EASTTELECOM,\r\n",
    ",880224947,7000,ivr-1,\"\"\"\"\" <880224947>\",PJSIP/trunk_1-00025a56,,ForkCDR,are,2026-07-03 09:18:41,2026-07-03 09:18:51,2026-07-03 09:19:30,48,38,ANSWERED,DOCUMENTATION,1783045121.621794,Inbound,7000,,7000,1783045121-880224947,880224947,IVR[7000],EASTTELECOM,\r\n",
    ",880224947,6500,ext-queues,\"\"\"\"\" <880224947>\",PJSIP/trunk_1-00025a56,,Hangup,,2026-07-03 09:19:30,2026-07-03 09:19:38,2026-07-03 09:20:40,70,0,FAILED,DOCUMENTATION,1783045121.621794,Inbound,6500,,,1783045121-880224947,880224947,QUEUE[6500],EASTTELECOM,\r\n",
    ",111,118,from-internal,\"\"\"Li\"\" <111>\",PJSIP/111-00025a9f,PJSIP/118-00025aa0,Dial,,2026-07-03 09:14:35,2026-07-03 09:14:40,2026-07-03 09:15:21,45,40,ANSWERED,DOCUMENTATION,1783052075.622053,Internal,118,Li,118,1783052075-111,111,DIAL,,\r\n",
    ",241,933379737,outbound-route-4,\"\"\"AHMEDOV\"\" <788888484>\",PJSIP/241-00025a6f,PJSIP/trunk_1-00025a70,Dial,,2026-07-03 09:04:20,2026-07-03 09:04:34,2026-07-03 09:04:39,19,5,ANSWERED,DOCUMENTATION,1783051460.621911,Outbound,trunk_1,AHMEDOV,933379737,1783051460-241,241,DIAL,,EASTTELECOM\r\n",
);

#[test]
fn grandstream_export_with_a_header_one_call_per_chain() {
    let l = load(
        "cdr_grandstream",
        &[("calls", "path = \"inputs/Master.csv\"\n")],
        &[("inputs/Master.csv", GRANDSTREAM.as_bytes().to_vec())],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    assert_eq!(l.inputs[0].format.as_deref(), Some("asterisk"));
    assert_eq!(l.inputs[0].header_row, Some(1));
    let c = &l.data.calls;
    assert_eq!(c.len(), 4);
    // The answered call: agent 194 from Dest. Channel, talk 447 s, waited from
    // entering the queue (08:58:30) to the answer (08:58:41) = 11 s.
    let answered = &c[0];
    assert_eq!(answered.agent.id.as_deref(), Some("194"));
    assert_eq!(answered.start, dt(2026, 7, 3, 8, 57, 59));
    assert_eq!((answered.talk_seconds, answered.wait_seconds), (447, Some(11)));
    assert_eq!(
        (answered.direction, answered.status),
        (CallDirection::Inbound, CallStatus::Answered)
    );
    assert_eq!(answered.source.cell("坐席工号"), "G5");
    // Abandoned in the queue: no agent, counted for the team; it waited from
    // 09:19:30 to the end of the queue leg, 09:20:40 = 70 s.
    let abandoned = &c[1];
    assert!(abandoned.has_no_agent());
    assert_eq!(
        (abandoned.status, abandoned.wait_seconds),
        (CallStatus::Abandoned, Some(70))
    );
    // The outbound call belongs to the calling extension, not to the trunk.
    let outbound = c
        .iter()
        .find(|x| x.direction == CallDirection::Outbound)
        .expect("outbound");
    assert_eq!(outbound.agent.id.as_deref(), Some("241"));
    assert_eq!(outbound.talk_seconds, 5);
    assert_eq!(
        notes(&l),
        vec!["inputs/Master.csv › Master!R8: warning: 1 internal call(s) (extension to extension) are not counted in the call figures; the first is here"]
    );
}

/// The FreePBX `cdr` table dumped to CSV: no header, every field quoted, calldate
/// first as day/month/year (13/9/2017 settles the order of the others).
const FREEPBX: &str = concat!(
    "\"1/9/2017 16:33:01\",\"\"\"User 1\"\" <105>\",\"105\",\"112\",\"from-internal\",\"SIP/105-00000001\",\"SIP/112-00000002\",\"Dial\",\"SIP/112,60,rI\",\"27\",\"25\",\"ANSWERED\",\"3\",,\"1504279981.1\",,,,\"105\",\"User 1\",,,,\"0\",\n",
    "\"2/9/2017 10:00:00\",\"\"\"User 1\"\" <105>\",\"105\",\"13800000001\",\"from-internal\",\"SIP/105-00000003\",\"SIP/trunk-00000004\",\"Dial\",\"SIP/trunk/13800000001\",\"70\",\"61\",\"ANSWERED\",\"3\",,\"1504339200.2\",,,,\"105\",\"User 1\",,,,\"0\",\n",
    "\"13/9/2017 09:00:00\",\"\"\"13900000002\"\" <13900000002>\",\"13900000002\",\"112\",\"from-pstn\",\"SIP/trunk-00000005\",\"SIP/112-00000006\",\"Dial\",\"SIP/112,20\",\"30\",\"24\",\"ANSWERED\",\"3\",,\"1505293200.3\",,,,\"\",\"\",,,,\"0\",\n",
);

#[test]
fn freepbx_table_dump_without_a_header() {
    let l = load(
        "cdr_freepbx",
        &[("calls", "path = \"inputs/cdr.csv\"\n")],
        &[("inputs/cdr.csv", FREEPBX.as_bytes().to_vec())],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    assert_eq!(l.inputs[0].header_row, None);
    let got: Vec<_> = l
        .data
        .calls
        .iter()
        .map(|c| (c.start, c.direction, c.agent.id.as_deref(), c.talk_seconds))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                dt(2017, 9, 1, 16, 33, 1),
                CallDirection::Internal,
                Some("105"),
                25
            ),
            (dt(2017, 9, 2, 10, 0, 0), CallDirection::Outbound, Some("105"), 61),
            (dt(2017, 9, 13, 9, 0, 0), CallDirection::Inbound, Some("112"), 24),
        ]
    );
    assert_eq!(
        notes(&l),
        vec![
            "inputs/cdr.csv › cdr!E1: warning: 1 internal call(s) (extension to extension) are not counted in the call figures; the first is here",
            "inputs/cdr.csv › cdr: warning: the file has no direction column: 2 call(s) placed from an extension (dialplan context from-internal, ext-local, …) were read as outbound when they dial an outside number (1) and as internal otherwise (1), the other 1 as inbound; set inputs.calls.direction or agent_column to say otherwise",
            "inputs/cdr.csv › cdr: warning: dates that read two ways are read as day/month/year (dmy), as the sheet's other dates show (e.g. A3 \"13/9/2017 09:00:00\"); set inputs.calls.date_order to make it explicit",
        ]
    );
}

#[test]
fn a_mysql_dump_in_another_order_sums_the_answered_agent_legs_of_one_call() {
    // A call answered by 8001 (40 s), transferred to 8002 (100 s): one call of 8002,
    // talk 140 s. Columns in the order of a `SELECT … FROM cdr`.
    let csv = concat!(
        "uniqueid,linkedid,calldate,src,dst,dcontext,channel,dstchannel,disposition,duration,billsec,clid\n",
        "1700000000.1,1700000000.1,2026-11-03 09:00:00,13800000001,4000,from-pstn,SIP/trunk-1,SIP/8001-0a,ANSWERED,50,40,13800000001\n",
        "1700000000.2,1700000000.1,2026-11-03 09:00:50,13800000001,8002,from-internal,SIP/8001-0a,SIP/8002-0b,ANSWERED,105,100,13800000001\n",
        "1700000100.3,1700000100.3,2026-11-03 09:10:00,13800000002,4000,from-pstn,SIP/trunk-2,SIP/8001-0c,NO ANSWER,20,0,13800000002\n",
    );
    let l = load(
        "cdr_mysql",
        &[("calls", "path = \"inputs/cdr.csv\"\n")],
        &[("inputs/cdr.csv", csv.as_bytes().to_vec())],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let c = &l.data.calls;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].call_id.as_deref(), Some("1700000000.1"));
    assert_eq!(c[0].agent.id.as_deref(), Some("8002"));
    assert_eq!((c[0].talk_seconds, c[0].status), (140, CallStatus::Answered));
    // Rang 8001, nobody answered: missed, 8001's.
    assert_eq!(c[1].agent.id.as_deref(), Some("8001"));
    assert_eq!(c[1].status, CallStatus::Missed);
}

#[test]
fn a_tab_separated_database_dump_with_null_markers() {
    // `SELECT * FROM cdr INTO OUTFILE` (MySQL) or `COPY cdr TO` (PostgreSQL):
    // tab-separated, \N for no value.
    let tsv = concat!(
        "calldate\tclid\tsrc\tdst\tdcontext\tchannel\tdstchannel\tlastapp\tduration\tbillsec\tdisposition\tuniqueid\tlinkedid\n",
        "2026-11-03 09:00:00\t\\N\t13800000001\t4000\tfrom-pstn\tSIP/trunk-1\tSIP/8001-0a\tDial\t50\t40\tANSWERED\t1700000000.1\t1700000000.1\n",
        "2026-11-03 09:05:00\t\\N\t13800000002\t4000\tfrom-pstn\tSIP/trunk-2\t\\N\tQueue\t30\t0\tNO ANSWER\t1700000300.2\t1700000300.2\n",
    );
    let l = load(
        "cdr_tsv",
        &[("calls", "path = \"inputs/cdr.tsv\"\n")],
        &[("inputs/cdr.tsv", tsv.as_bytes().to_vec())],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let c = &l.data.calls;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].agent.id.as_deref(), Some("8001"));
    // \N in dstchannel: no agent leg; abandoned in the queue after 30 s.
    assert!(c[1].has_no_agent());
    assert_eq!(
        (c[1].status, c[1].wait_seconds),
        (CallStatus::Abandoned, Some(30))
    );
}

#[test]
fn columns_name_another_headerless_layout() {
    let csv = "2026-11-03 09:00:00;8001;13800000001;ANSWERED;75;Inbound\n";
    let l = load(
        "cdr_columns",
        &[(
            "calls",
            "path = \"inputs/cdr.txt\"\ncolumns = [\"calldate\", \"dstchannel\", \"src\", \"disposition\", \"billsec\", \"direction\"]\n",
        )],
        &[("inputs/cdr.txt", csv.replace(';', ",").into_bytes())],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    assert_eq!(l.inputs[0].format.as_deref(), Some("asterisk"));
    assert_eq!(l.inputs[0].header_row, None);
    let c = &l.data.calls[0];
    assert_eq!(c.agent.id.as_deref(), Some("8001"));
    assert_eq!(c.talk_seconds, 75);
    assert_eq!(c.source.cell("坐席工号"), "B1");
}

#[test]
fn format_asterisk_on_something_else_says_what_it_expected() {
    let csv = "Call Id,Agent,Date\nID0001,Diane,2021-01-01\n";
    let l = load(
        "cdr_not",
        &[("calls", "path = \"inputs/c.csv\"\nformat = \"asterisk\"\n")],
        &[("inputs/c.csv", csv.as_bytes().to_vec())],
    );
    assert_eq!(
        errors(&l),
        vec!["inputs/c.csv › c: not an Asterisk call-detail record: expected a header naming calldate (or start), disposition, billsec or duration, and dstchannel, channel or uniqueid (any order), or a headerless Master.csv (start in the 10th column) or FreePBX cdr table dump (calldate first); row 1 reads: Call Id, Agent, Date; name the columns of another layout with inputs.calls.columns = [\"calldate\", \"src\", …]"]
    );
}

#[test]
fn table_exports_mark_internal_calls_and_may_leave_abandoned_calls_without_agent() {
    let csv = concat!(
        "通话ID,坐席工号,开始时间,通话时长(秒),等待时长(秒),呼叫方向,接通状态\n",
        "C1,8001,2026-11-03 09:00:00,120,5,呼入,接通\n",
        "C2,,2026-11-03 09:05:00,0,40,呼入,放弃\n",
        "C3,8001,2026-11-03 09:10:00,60,,内线,接通\n",
        "C4,,2026-11-03 09:15:00,60,3,呼入,接通\n",
    );
    let l = load(
        "cdr_table",
        &[("calls", "path = \"inputs/calls.csv\"\n")],
        &[("inputs/calls.csv", csv.as_bytes().to_vec())],
    );
    let c = &l.data.calls;
    assert_eq!(c.len(), 3);
    assert!(c[1].has_no_agent());
    assert_eq!(c[2].direction, CallDirection::Internal);
    assert_eq!(
        errors(&l),
        vec!["inputs/calls.csv › calls!B5: 坐席工号 is empty (a value is required for an answered call)"]
    );
    assert_eq!(
        notes(&l),
        vec!["inputs/calls.csv › calls!F4: warning: 1 internal call(s) (extension to extension) are not counted in the call figures; the first is here"]
    );
}

#[test]
fn an_export_without_direction_is_read_only_when_a_setting_says_so() {
    // A call-centre dataset in English: no direction column.
    let csv = concat!(
        "Call Id,Agent,Date,Time,Topic,Answered (Y/N),Resolved,Speed of answer in seconds,AvgTalkDuration,Satisfaction rating\n",
        "ID0001,Diane,2021-01-01,09:12:32,Contract related,Y,Y,109,00:02:23,3\n",
        "ID0002,Becky,2021-01-01,09:12:32,Technical Support,N,N,,,\n",
    );
    let files = [("inputs/calls.csv", csv.as_bytes().to_vec())];
    let l = load(
        "cdr_no_direction",
        &[("calls", "path = \"inputs/calls.csv\"\n")],
        &files,
    );
    assert!(l.data.calls.is_empty());
    let e = errors(&l);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].ends_with("; if every call of this export goes one way (a call centre's inbound queue log, an outbound campaign), say so with inputs.calls.direction = \"inbound\" or \"outbound\""),
        "{}",
        e[0]
    );
    let l = load(
        "cdr_direction_setting",
        &[("calls", "path = \"inputs/calls.csv\"\ndirection = \"inbound\"\n")],
        &files,
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let c = &l.data.calls;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].direction, CallDirection::Inbound);
    // 00:02:23 = 143 s; answered in 109 s.
    assert_eq!((c[0].talk_seconds, c[0].wait_seconds), (143, Some(109)));
    assert_eq!(c[1].status, CallStatus::Missed);
    let l = load(
        "cdr_direction_bad",
        &[("calls", "path = \"inputs/calls.csv\"\ndirection = \"internal\"\n")],
        &files,
    );
    assert_eq!(
        errors(&l),
        vec!["zhidu.toml: inputs.calls.direction = \"internal\": must be \"inbound\" or \"outbound\" (the direction of every call of an export without a 呼叫方向 column)"]
    );
}

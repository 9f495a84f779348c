-- EddCloud cluster store on PostgreSQL: Orleans membership, grain state and reminders
-- (ADO.NET providers, invariant "Npgsql"). The providers read their SQL from orleansquery by
-- key and bind parameters by name (@Name). Unquoted names fold to lower case; Npgsql matches
-- result columns case-insensitively. Runs inside the migrator's transaction.

CREATE TABLE orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

-- Membership: one version row per cluster; every membership change bumps it (optimistic
-- concurrency for the whole table, as the Orleans membership protocol expects).
CREATE TABLE orleansmembershipversiontable
(
    deploymentid varchar(150) NOT NULL PRIMARY KEY,
    timestamp    timestamptz  NOT NULL DEFAULT now(),
    version      integer      NOT NULL DEFAULT 0
);

CREATE TABLE orleansmembershiptable
(
    deploymentid varchar(150)  NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      varchar(45)   NOT NULL,
    port         integer       NOT NULL,
    generation   integer       NOT NULL,
    siloname     varchar(150)  NOT NULL,
    hostname     varchar(150)  NOT NULL,
    status       integer       NOT NULL,
    proxyport    integer       NULL,
    suspecttimes varchar(8000) NULL,
    starttime    timestamptz   NOT NULL,
    iamalivetime timestamptz   NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Grain state; the key's string part is '' rather than NULL so the primary key covers it.
CREATE TABLE orleansstorage
(
    serviceid              varchar(150) NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    grainidextensionstring text         NOT NULL,
    grainidhash            integer      NOT NULL,
    graintypehash          integer      NOT NULL,
    payloadbinary          bytea        NULL,
    version                integer      NOT NULL,
    modifiedon             timestamptz  NOT NULL,
    PRIMARY KEY (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
);

-- Reminders; grainhash is the grain's uniform hash as a signed 32-bit integer.
CREATE TABLE orleansreminderstable
(
    serviceid    varchar(150) NOT NULL,
    grainid      varchar(150) NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX ix_orleansreminderstable_hash ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Returns true when this call created the cluster's version row.
('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM inserted);
$q$),

-- Inserts a silo only if the table is still at @Version and the silo is new; bumps the version.
-- The version row's lock serialises concurrent writers.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleansmembershiptable
                      WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid),
inserted AS (
    INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status,
                                        proxyport, starttime, iamalivetime)
    SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM inserted);
$q$),

-- Updates a silo only if the table is still at @Version; bumps the version.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
      AND EXISTS (SELECT 1 FROM orleansmembershiptable
                  WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid),
updated AS (
    UPDATE orleansmembershiptable m
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    FROM bumped
    WHERE m.deploymentid = bumped.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM updated);
$q$),

-- Heartbeat: no version check, by design of the protocol.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleansmembershiptable
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),

-- The version row is always returned (left join) so an empty table still carries its version.
('MembershipReadRowKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m
       ON m.deploymentid = v.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),

('GatewaysQueryKey', $q$
SELECT address, proxyport, generation
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$q$),

-- Removes silos that stopped heartbeating before the cut-off; never an active one.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3;
$q$),

-- Grain state: PayloadBinary is NULL after a clear; version is the ETag.
('ReadFromStorageKey', $q$
SELECT payloadbinary AS "PayloadBinary", version AS "Version"
FROM orleansstorage
WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '');
$q$),

-- Optimistic concurrency: no ETag inserts version 1 only if no row exists; an ETag updates only
-- the row still at that version. A conflict returns no row (InconsistentStateException).
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary, version = version + 1, modifiedon = now()
    WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
      AND @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring,
                                grainidhash, graintypehash, payloadbinary, version, modifiedon)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''),
           @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$q$),

-- Clear keeps the row (and its version) so a stale activation cannot resurrect old state.
('ClearStorageKey', $q$
UPDATE orleansstorage
SET payloadbinary = NULL, version = version + 1, modifiedon = now()
WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version;
$q$),

-- Used only with DeleteStateOnClear=true; returns a version the grain never held.
('DeleteStorageKey', $q$
DELETE FROM orleansstorage
WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version + 1;
$q$),

('UpsertReminderRowKey', $q$
INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
    version = orleansreminderstable.version + 1
RETURNING version;
$q$),

('ReadReminderRowsKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId;
$q$),

('ReadReminderRowKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
$q$),

-- Ring range (BeginHash, EndHash] that does not wrap in signed order.
('ReadRangeRows1Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
$q$),

-- Ring range (BeginHash, EndHash] that wraps past the largest hash.
('ReadRangeRows2Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$q$),

-- Must return exactly one row: whether the reminder at that version was deleted.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM deleted);
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$q$);

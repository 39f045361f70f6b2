import type * as DynamoDbSdk from "@aws-sdk/client-dynamodb";
import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { HistoryPort, ReleaseRecord } from "../deployers/history/release-record.js";
import type { LockItem, LockPort } from "../deployers/lock/lock-port.js";
import { berthTableName } from "../manifest/names.js";
import { withAwsFailures } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

type Sdk = typeof DynamoDbSdk;
type Item = Record<string, AttributeValue>;

/**
 * The app's table (`<app>-berth`, partition key `environment`, sort key `item`): the deploy
 * lock of each environment (`lock`) and its release history (`release#<id>`). One client
 * per command, created on first use.
 */
export function berthTable(settings: AwsSettings, app: string): { lock: LockPort; history: HistoryPort } {
  let client: Promise<{ sdk: Sdk; db: DynamoDBClient }> | undefined;
  const connect = () =>
    (client ??= import("@aws-sdk/client-dynamodb").then((sdk) => ({
      sdk,
      db: new sdk.DynamoDBClient(clientConfig(settings)),
    })));
  const table = berthTableName(app);
  return {
    lock: withAwsFailures("DynamoDB", lockPort(connect, table)),
    history: withAwsFailures("DynamoDB", historyPort(connect)),
  };
}

type Connect = () => Promise<{ sdk: Sdk; db: DynamoDBClient }>;

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html and the operations' Errors sections.
const isNamed = (name: string) => (error: unknown) => (error as { name?: string }).name === name;
const conditionFailed = isNamed("ConditionalCheckFailedException");
const noTable = isNamed("ResourceNotFoundException");

function lockPort(connect: Connect, table: string): LockPort {
  const key = (environment: string): Item => ({ environment: { S: environment }, item: { S: "lock" } });
  const byToken = (token: string) => ({
    ConditionExpression: "#token = :token",
    ExpressionAttributeNames: { "#token": "token" } as Record<string, string>,
    token: { ":token": { S: token } },
  });
  return {
    async take(lock, now) {
      const { sdk, db } = await connect();
      // One conditional write: nobody holds the lock, or the holder's lease has expired.
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
      const command = new sdk.PutItemCommand({
        TableName: table,
        Item: { ...key(lock.environment), ...lockAttributes(lock) },
        ConditionExpression: "attribute_not_exists(#item) OR #expires < :now",
        ExpressionAttributeNames: { "#item": "item", "#expires": "expiresAtMs" },
        ExpressionAttributeValues: { ":now": { N: String(now) } },
      });
      return db.send(command).then(
        () => "taken" as const,
        (error: unknown) => {
          if (conditionFailed(error)) return "held" as const;
          if (noTable(error)) return "no-table" as const;
          throw error;
        },
      );
    },
    async renew(environment, token, expiresAt) {
      const { sdk, db } = await connect();
      const guard = byToken(token);
      const command = new sdk.UpdateItemCommand({
        TableName: table,
        Key: key(environment),
        UpdateExpression: "SET expiresAt = :iso, expiresAtMs = :ms",
        ConditionExpression: guard.ConditionExpression,
        ExpressionAttributeNames: guard.ExpressionAttributeNames,
        ExpressionAttributeValues: {
          ...guard.token,
          ":iso": { S: expiresAt },
          ":ms": { N: String(Date.parse(expiresAt)) },
        },
      });
      return db.send(command).then(() => true, lostLease);
    },
    async release(environment, token) {
      const { sdk, db } = await connect();
      const guard = byToken(token);
      const command = new sdk.DeleteItemCommand({
        TableName: table,
        Key: key(environment),
        ConditionExpression: guard.ConditionExpression,
        ExpressionAttributeNames: guard.ExpressionAttributeNames,
        ExpressionAttributeValues: guard.token,
      });
      return db.send(command).then(() => true, lostLease);
    },
    async read(environment) {
      const { sdk, db } = await connect();
      const answer = await db
        .send(new sdk.GetItemCommand({ TableName: table, Key: key(environment), ConsistentRead: true }))
        .catch((error: unknown) => {
          if (noTable(error)) return { Item: undefined };
          throw error;
        });
      return answer.Item ? lockFrom(answer.Item) : undefined;
    },
  };
}

function lostLease(error: unknown): false {
  if (conditionFailed(error) || noTable(error)) return false;
  throw error;
}

function lockAttributes(lock: LockItem): Item {
  const text: Item = {};
  for (const name of ["token", "user", "host", "ciUrl", "version", "command", "startedAt", "expiresAt"] as const) {
    const value = lock[name];
    if (value !== undefined) text[name] = { S: value };
  }
  return { ...text, expiresAtMs: { N: String(Date.parse(lock.expiresAt)) } };
}

function lockFrom(item: Item): LockItem {
  const s = (name: string) => item[name]?.S ?? "";
  return {
    environment: s("environment"),
    token: s("token"),
    user: s("user"),
    host: s("host"),
    ...(item.ciUrl?.S ? { ciUrl: item.ciUrl.S } : {}),
    version: s("version"),
    command: s("command"),
    startedAt: s("startedAt"),
    expiresAt: s("expiresAt"),
  };
}

function historyPort(connect: Connect): HistoryPort {
  const releaseKey = (id: string) => `release#${id}`;
  return {
    async put(record) {
      const { sdk, db } = await connect();
      const Item = {
        environment: { S: record.environment },
        item: { S: releaseKey(record.id) },
        record: { S: JSON.stringify(record) },
      };
      await db.send(new sdk.PutItemCommand({ TableName: berthTableName(record.app), Item }));
    },
    async list(app, environment, limit) {
      const { sdk, db } = await connect();
      const records: ReleaseRecord[] = [];
      let start: Item | undefined;
      do {
        // Sort keys carry ids that sort by time: newest first is a backwards query.
        const page = await db
          .send(
            new sdk.QueryCommand({
              TableName: berthTableName(app),
              KeyConditionExpression: "#env = :env AND begins_with(#item, :release)",
              ExpressionAttributeNames: { "#env": "environment", "#item": "item" },
              ExpressionAttributeValues: { ":env": { S: environment }, ":release": { S: releaseKey("") } },
              ScanIndexForward: false,
              ...(limit !== undefined ? { Limit: limit - records.length } : {}),
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          )
          .catch((error: unknown) => {
            if (noTable(error)) return { Items: [], LastEvaluatedKey: undefined };
            throw error;
          });
        for (const item of page.Items ?? [])
          if (item.record?.S) records.push(JSON.parse(item.record.S) as ReleaseRecord);
        start = page.LastEvaluatedKey;
      } while (start && (limit === undefined || records.length < limit));
      return records;
    },
    async get(app, environment, id) {
      const { sdk, db } = await connect();
      const Key = { environment: { S: environment }, item: { S: releaseKey(id) } };
      const answer = await db
        .send(new sdk.GetItemCommand({ TableName: berthTableName(app), Key, ConsistentRead: true }))
        .catch((error: unknown) => {
          if (noTable(error)) return { Item: undefined };
          throw error;
        });
      return answer.Item?.record?.S ? (JSON.parse(answer.Item.record.S) as ReleaseRecord) : undefined;
    },
  };
}

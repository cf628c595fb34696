import type { Rule } from '../rule.ts';
import { privateIPv4, privateIPv6 } from './addresses.ts';
import { ageRecipient, ageSecretKey } from './age-keys.ts';
import { privateKey } from './private-keys.ts';
import { sshPublicKey } from './ssh-public-keys.ts';
import { tailnetName } from './tailnet-names.ts';
import {
  awsAccessKey,
  awsSecretKey,
  cloudflareTunnel,
  discordToken,
  githubToken,
  onePasswordToken,
  slackToken,
} from './tokens.ts';

/** Every rule, one family per module. */
export const rules: readonly Rule[] = [
  privateIPv4,
  privateIPv6,
  tailnetName,
  ageRecipient,
  ageSecretKey,
  sshPublicKey,
  privateKey,
  onePasswordToken,
  cloudflareTunnel,
  githubToken,
  awsAccessKey,
  awsSecretKey,
  slackToken,
  discordToken,
];

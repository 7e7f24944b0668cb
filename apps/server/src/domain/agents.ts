import type { Agent } from '@placet/protocol'
import type { Database } from '../store/database.ts'
import { listAgentRows, toAgent } from '../store/agents.ts'

/** Agents, which are also channels (spec 1.3, 2.3, 3.4). */
export class AgentService {
  constructor(private readonly db: Database) {}

  async list(userId: string): Promise<Agent[]> {
    return (await this.db.read((tx) => listAgentRows(tx, userId))).map(toAgent)
  }
}

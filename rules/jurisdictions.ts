// The tree of administrative divisions (national → province → city → county), validated at build.
// Used to find the rule sets over a jurisdiction and the common superior for disputes (Art. 28).

export type JurisdictionLevel = 'national' | 'province' | 'city' | 'county';

/** Rank of each level; a child must sit strictly below its parent (a county may hang directly
 *  under a province, e.g. a Beijing district or a province-administered county). */
export const LEVEL_RANK: Readonly<Record<JurisdictionLevel, number>> = { national: 0, province: 1, city: 2, county: 3 };

export type RulesErrorCode = 'UNKNOWN_JURISDICTION' | 'INVALID_DATE' | 'INVALID_TREE' | 'INVALID_RULE_SETS';

/** The typed error of the rules module; `code` is stable for callers (API error mapping, tests). */
export class RulesError extends Error {
  override readonly name = 'RulesError';
  constructor(
    readonly code: RulesErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Input shape; matches `typeof jurisdictions.$inferInsert` from db/schema. */
export interface JurisdictionInput {
  code: string;
  name: string;
  nameZh: string;
  level: JurisdictionLevel;
  parentCode?: string | null;
  /** 政务数据共享主管部门 */
  authorityName: string;
  /** 人民政府 */
  governmentName: string;
}

export interface JurisdictionNode extends Readonly<Omit<JurisdictionInput, 'parentCode'>> {
  readonly parentCode: string | null;
}

export class JurisdictionTree {
  readonly #byCode = new Map<string, JurisdictionNode>();
  readonly #children = new Map<string, JurisdictionNode[]>();
  readonly root: JurisdictionNode;

  /** Throws RulesError('INVALID_TREE') unless: non-empty, codes unique, exactly one root of level
   *  'national', every parent exists, and every child's level is below its parent's. */
  constructor(list: readonly JurisdictionInput[]) {
    const invalid = (msg: string) => new RulesError('INVALID_TREE', `Invalid jurisdiction tree: ${msg}`);
    if (list.length === 0) throw invalid('no jurisdictions');
    for (const j of list) {
      if (!j.code) throw invalid('a jurisdiction has an empty code');
      if (this.#byCode.has(j.code)) throw invalid(`duplicate code ${j.code}`);
      if (!(j.level in LEVEL_RANK)) throw invalid(`${j.code} has unknown level ${String(j.level)}`);
      this.#byCode.set(j.code, Object.freeze({ ...j, parentCode: j.parentCode ?? null }));
    }
    const roots = [...this.#byCode.values()].filter((j) => j.parentCode === null);
    if (roots.length !== 1) throw invalid(`expected exactly one root, found ${roots.length}`);
    const root = roots[0]!;
    if (root.level !== 'national') throw invalid(`root ${root.code} must be level 'national'`);
    this.root = root;
    for (const j of this.#byCode.values()) {
      if (j.parentCode === null) continue;
      const parent = this.#byCode.get(j.parentCode);
      if (!parent) throw invalid(`${j.code}'s parent ${j.parentCode} does not exist`);
      // Strictly descending ranks also rule out cycles.
      if (LEVEL_RANK[j.level] <= LEVEL_RANK[parent.level]) {
        throw invalid(`${j.code} (${j.level}) cannot sit under ${parent.code} (${parent.level})`);
      }
      const siblings = this.#children.get(parent.code) ?? [];
      siblings.push(j);
      this.#children.set(parent.code, siblings);
    }
  }

  has(code: string): boolean {
    return this.#byCode.has(code);
  }

  /** Throws RulesError('UNKNOWN_JURISDICTION') for a code not in the tree. */
  get(code: string): JurisdictionNode {
    const j = this.#byCode.get(code);
    if (!j) throw new RulesError('UNKNOWN_JURISDICTION', `Unknown jurisdiction: ${code}`);
    return j;
  }

  list(): JurisdictionNode[] {
    return [...this.#byCode.values()];
  }

  /** Self first, then the parent, … up to the national root. */
  ancestorsOf(code: string): JurisdictionNode[] {
    const chain: JurisdictionNode[] = [];
    for (let j: JurisdictionNode | undefined = this.get(code); j; j = j.parentCode ? this.#byCode.get(j.parentCode) : undefined) {
      chain.push(j);
    }
    return chain;
  }

  /** True when `code` is `ancestorCode` or lies below it. */
  isWithin(code: string, ancestorCode: string): boolean {
    this.get(ancestorCode);
    return this.ancestorsOf(code).some((j) => j.code === ancestorCode);
  }

  /** The lowest jurisdiction at or above both (Art. 28): the same jurisdiction for two departments
   *  of one jurisdiction; Harbin for Harbin vs Daoli; the national root for Harbin vs Fushun. */
  commonSuperior(a: string, b: string): JurisdictionNode {
    const above = new Set(this.ancestorsOf(b).map((j) => j.code));
    const found = this.ancestorsOf(a).find((j) => above.has(j.code));
    return found ?? this.root; // unreachable: both chains end at the single root
  }

  /** Direct children, in input order. */
  children(code: string): JurisdictionNode[] {
    this.get(code);
    return [...(this.#children.get(code) ?? [])];
  }
}

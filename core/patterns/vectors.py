"""``vector-embeddings``: a pgvector column of a chosen dimension with an HNSW index, on the table
itself or, in the chunked-document variant, on a table of chunks (long documents are embedded
piece by piece).

The index's operator class follows the distance the queries use: ``cosine`` (``<=>``,
``vector_cosine_ops``), ``l2`` (``<->``, ``vector_l2_ops``) or ``inner_product`` (``<#>``,
``vector_ip_ops``); ``m`` and ``ef_construction`` are the HNSW build options.
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import Attribute, Entity, ForeignKey, Index, IndexKey, PrimaryKey, UniqueConstraint
from core.patterns.base import Param, Pattern
from core.patterns.common import ref_columns, ref_type, singular
from core.patterns.plan import Plan

__all__ = ["METRICS", "VectorEmbeddings"]

#: Distance -> (operator class, query operator).
METRICS = {"cosine": ("vector_cosine_ops", "<=>"), "l2": ("vector_l2_ops", "<->"),
           "inner_product": ("vector_ip_ops", "<#>")}


class VectorEmbeddings(Pattern):
    """Vector embeddings with an HNSW index (see the module docstring)."""

    name = "vector-embeddings"
    title = "Vector embeddings (pgvector, HNSW)"
    description = ("Store embeddings from a language or image model next to the data and answer "
                   "nearest-neighbour queries (semantic search, recommendations, RAG) with an HNSW "
                   "index. Choose the chunked variant for long documents.")
    tradeoffs = ("HNSW is approximate (tune ef_search for recall) and slow to build on large tables; "
                 "the index lives in memory best; the dimension is fixed (a new model means a new "
                 "column and a re-embedding); vectors beyond 2000 dimensions need halfvec.")
    targets = (1, 1)
    targets_help = "the table whose rows are embedded"
    parameters = (
        Param("column", "str", "embedding", "the vector column"),
        Param("dimensions", "int", 1536, "number of dimensions of the embedding model"),
        Param("metric", "choice", "cosine", "distance used by queries", tuple(METRICS)),
        Param("m", "int", 16, "HNSW: links per node"),
        Param("ef_construction", "int", 64, "HNSW: candidate list size while building"),
        Param("chunked", "bool", False, "embed chunks of each row in a separate table"),
        Param("chunk_table", "str", "", "name of the chunk table (default: <table>_chunks)"),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        (target,) = targets
        col, dims = params["column"], params["dimensions"]
        if not 1 <= dims <= 16000:
            raise CommandError(f"pattern {self.name}: {dims} dimensions is outside pgvector's 1..16000")
        if dims > 2000:
            plan.warnings.append("HNSW indexes vector columns of at most 2000 dimensions; use halfvec for more")
        opclass = METRICS[params["metric"]][0]
        plan.add_extension("vector")
        with_ = (("m", str(params["m"])), ("ef_construction", str(params["ef_construction"])))
        if not params["chunked"]:
            if target.attribute(col) is not None:
                raise CommandError(f'pattern {self.name}: "{target.name}" already has a column "{col}"')
            hnsw = Index(name=f"{target.name}_{col}_hnsw", method="hnsw", with_=with_,
                         columns=(IndexKey(column=col, opclass=opclass),))
            new: Entity = target.model_copy(update={
                "attributes": (*target.attributes, Attribute(name=col, type=f"vector({dims})",
                                                             note="NULL until the row is embedded.")),
                "indexes": (*target.indexes, hnsw)})
            plan.put_entity(new, f"{target.name}: add {col} vector({dims}) and an HNSW index ({opclass}, "
                                 f"m={params['m']}, ef_construction={params['ef_construction']})")
            return
        name = params["chunk_table"] or f"{target.name}_chunks"
        settings = plan.model.settings
        refs = ref_columns(target, self.name, singular(target.name),
                           settings.tenant_column if settings.multi_tenant else None)
        plan.add_entity(Entity(
            name=name, schema_name=target.schema_name, tags=("embeddings", "insert-only"),
            note=f"Chunks of each {singular(target.name)}, embedded one by one.",
            attributes=(Attribute(name="id", type="bigint", nullable=False, identity="always"),
                        *(Attribute(name=n, type=ref_type(a), nullable=False) for n, a in refs),
                        Attribute(name="chunk_index", type="integer", nullable=False, check="chunk_index >= 0"),
                        Attribute(name="content", type="text", nullable=False),
                        Attribute(name="token_count", type="integer", check="token_count > 0",
                                  note="Tokens in the chunk, as counted by the embedding model (NULL when unknown)."),
                        Attribute(name=col, type=f"vector({dims})", nullable=False),
                        Attribute(name="created_at", type="timestamptz", nullable=False, default="now()")),
            primary_key=PrimaryKey(columns=("id",)),
            uniques=(UniqueConstraint(columns=(*(n for n, _ in refs), "chunk_index")),),
            foreign_keys=(ForeignKey(columns=tuple(n for n, _ in refs), references=target.name,
                                     ref_schema=target.schema_name, ref_columns=tuple(a.name for _, a in refs),
                                     on_delete="cascade"),),
            indexes=(Index(name=f"{name}_{col}_hnsw", method="hnsw", with_=with_,
                           columns=(IndexKey(column=col, opclass=opclass),)),),
        ), f"add table {name} (chunks of {target.name} with {col} vector({dims}) and an HNSW index)")

<?xml version="1.0" encoding="UTF-8"?>
<!-- Defining the I/O threads $new_first .. $new_first + $new_count - 1 the
     domain lacks (<iothreads>, <iothreadids>); the including stylesheet
     declares both as numbers (a count below 1 defines nothing).
     Included by the rules that share it (xsl:include href="lib/iothreads.xsl",
     docs/fixes.md); no identity template of its own. Each template matches
     one small element (never <domain>), so a pass over a domain with many
     disks does not rebuild the domain, and the change is the same whatever
     the targets: a batch shares it (docs/fixes.md, "Shared changes"). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- What defining the threads takes, for the domain $d (libvirt's
       virDomainIOThreadIDDefArrayInit: <iothreadids> lists some ids, the
       count in <iothreads> - at least the list's length - is reached with
       the smallest unused ids). "" when they are defined already; "count N"
       when raising the count to N defines them (ids n+1.. of a plain
       count); else "list N" (list them in <iothreadids> and raise the count
       to N, which keeps every id defined before), or "list" when the domain
       has a list and no count. The new ids lie above every defined one. -->
  <xsl:template name="iothreads-plan">
    <xsl:param name="d"/>
    <xsl:variable name="x" select="$new_first"/>
    <xsl:variable name="n" select="number(concat('0', normalize-space($d/iothreads)))"/>
    <xsl:variable name="ids" select="$d/iothreadids/iothread/@id"/>
    <xsl:variable name="nids" select="count($ids)"/>
    <xsl:variable name="total" select="$n * number($n &gt;= $nids) + $nids * number($nids &gt; $n)"/>
    <!-- $x is the k-th id not listed; the count fills the first total-nids of them. -->
    <xsl:variable name="k" select="$x - count($ids[number(.) &lt; $x])"/>
    <xsl:variable name="defined" select="not($new_count &gt;= 1) or not($x &gt;= 1) or floor($x) != $x or $ids[number(.) = $x] or $k &lt;= $total - $nids"/>
    <xsl:choose>
      <xsl:when test="$defined"/>
      <xsl:when test="$nids = 0 and $x = $n + 1">count <xsl:value-of select="$x + $new_count - 1"/></xsl:when>
      <xsl:when test="$d/iothreads or not($d/iothreadids)">list <xsl:value-of select="$total + $new_count"/></xsl:when>
      <xsl:otherwise>list</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- <iothread id="I"/> for I in [$from, $from + $count): halves, so the
       recursion is log2(count) deep. -->
  <xsl:template name="iothread-range">
    <xsl:param name="from" select="$new_first"/>
    <xsl:param name="count" select="$new_count"/>
    <xsl:choose>
      <xsl:when test="$count = 1"><iothread id="{$from}"/></xsl:when>
      <xsl:when test="$count &gt; 1">
        <xsl:variable name="half" select="floor($count div 2)"/>
        <xsl:call-template name="iothread-range">
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="count" select="$half"/>
        </xsl:call-template>
        <xsl:call-template name="iothread-range">
          <xsl:with-param name="from" select="$from + $half"/>
          <xsl:with-param name="count" select="$count - $half"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- What a domain without <iothreads> and <iothreadids> gets. -->
  <xsl:template name="new-iothreads">
    <xsl:param name="plan"/>
    <xsl:if test="starts-with($plan, 'count ')">
      <iothreads><xsl:value-of select="substring-after($plan, 'count ')"/></iothreads>
    </xsl:if>
    <xsl:if test="starts-with($plan, 'list ')">
      <iothreads><xsl:value-of select="substring-after($plan, 'list ')"/></iothreads>
      <iothreadids><xsl:call-template name="iothread-range"/></iothreadids>
    </xsl:if>
  </xsl:template>

  <!-- The count: raised. -->
  <xsl:template match="domain/iothreads">
    <xsl:variable name="plan">
      <xsl:call-template name="iothreads-plan"><xsl:with-param name="d" select=".."/></xsl:call-template>
    </xsl:variable>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:choose>
        <xsl:when test="contains($plan, ' ')"><xsl:value-of select="substring-after($plan, ' ')"/></xsl:when>
        <xsl:otherwise><xsl:apply-templates select="node()"/></xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
    <xsl:if test="starts-with($plan, 'list') and not(../iothreadids)">
      <iothreadids><xsl:call-template name="iothread-range"/></iothreadids>
    </xsl:if>
  </xsl:template>

  <!-- The list: the new ids appended. -->
  <xsl:template match="domain/iothreadids">
    <xsl:variable name="plan">
      <xsl:call-template name="iothreads-plan"><xsl:with-param name="d" select=".."/></xsl:call-template>
    </xsl:variable>
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="starts-with($plan, 'list')">
        <xsl:call-template name="iothread-range"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <!-- Neither: created where libvirt writes them, after the last of these. -->
  <xsl:template match="domain/name|domain/uuid|domain/genid|domain/title|domain/description|domain/metadata|domain/maxMemory|domain/memory|domain/currentMemory|domain/blkiotune|domain/memtune|domain/memoryBacking|domain/vcpu|domain/vcpus">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
    <xsl:if test="not(../iothreads) and not(../iothreadids) and generate-id(.) = generate-id((../name|../uuid|../genid|../title|../description|../metadata|../maxMemory|../memory|../currentMemory|../blkiotune|../memtune|../memoryBacking|../vcpu|../vcpus)[last()])">
      <xsl:call-template name="new-iothreads">
        <xsl:with-param name="plan">
          <xsl:call-template name="iothreads-plan"><xsl:with-param name="d" select=".."/></xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- No such element at all: first in the domain. -->
  <xsl:template match="domain[not(iothreads|iothreadids|name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:call-template name="new-iothreads">
        <xsl:with-param name="plan">
          <xsl:call-template name="iothreads-plan"><xsl:with-param name="d" select="."/></xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
